namespace OutreachBot.Flows.SignUp;

/// <summary>Governorate: one of Egypt's 27 governorates; Code is ISO 3166-2:EG without the prefix.</summary>
/// <param name="Variants">Other spellings people type (Arabic and Latin); matched after normalisation.</param>
public sealed record Governorate(string Code, string Arabic, string English, IReadOnlyList<string> Variants)
{
    /// <summary>Label: the display name in the given language.</summary>
    public string Label(string language) => language == Model.Languages.English ? English : Arabic;
}

/// <summary>Governorates: the data table of Egypt's governorates, in the order of the numbered list.</summary>
public static class Governorates
{
    /// <summary>All: the 27 governorates; a 1-based position is the number users answer with.</summary>
    public static IReadOnlyList<Governorate> All { get; } =
    [
        new("C", "القاهرة", "Cairo", ["Kairo", "El Qahira", "Qahira", "Cairu"]),
        new("GZ", "الجيزة", "Giza", ["Gizah", "Geeza", "Giza", "Al Jizah", "Guiza", "Gize", "جيزه"]),
        new("ALX", "الإسكندرية", "Alexandria", ["Alex", "Iskandariya", "Eskendereya", "Alexandria", "اسكندريه"]),
        new("KB", "القليوبية", "Qalyubia", ["Qalyubiya", "Kalyubia", "Qaliubiya", "Kalioubia", "Qalubia", "Kaliobeya"]),
        new("SHR", "الشرقية", "Sharqia", ["Sharkia", "Sharqiya", "Sharkeya", "Sharqeya", "Sharkiya"]),
        new("DK", "الدقهلية", "Dakahlia", ["Daqahliya", "Dakahleya", "Dakahliya", "Daqahlia", "دقهليه"]),
        new("GH", "الغربية", "Gharbia", ["Gharbiya", "Gharbeya", "Garbia"]),
        new("MNF", "المنوفية", "Menofia", ["Monufia", "Minufiya", "Menoufia", "Menofeya", "Menoufiya", "Monofia"]),
        new("KFS", "كفر الشيخ", "Kafr El Sheikh", ["Kafr Elsheikh", "Kafr al-Shaykh", "Kafr Sheikh", "Kafrelsheikh", "Kafr El Shaikh"]),
        new("BH", "البحيرة", "Beheira", ["Buhayrah", "Behera", "Beheria", "Bohaira", "Behaira", "Buhaira"]),
        new("DT", "دمياط", "Damietta", ["Dumyat", "Domyat", "Damiata", "Damyat"]),
        new("PTS", "بورسعيد", "Port Said", ["Portsaid", "Bur Said", "Port Saed", "بور سعيد"]),
        new("IS", "الإسماعيلية", "Ismailia", ["Ismailiya", "Esmailia", "Ismailiyah", "Esmaeleya"]),
        new("SUZ", "السويس", "Suez", ["Suwais", "Sues", "Swes"]),
        new("FYM", "الفيوم", "Faiyum", ["Fayoum", "Fayyum", "Fayum", "Fayium", "Faiyoum"]),
        new("BNS", "بني سويف", "Beni Suef", ["Bani Sweif", "Beni Sweif", "Bani Suef", "Benisuef", "Beni Swef"]),
        new("MN", "المنيا", "Minya", ["Menia", "Minia", "Menya", "Miniya", "El Minya", "Al Minya", "منيه"]),
        new("AST", "أسيوط", "Asyut", ["Assiut", "Asyout", "Assuit", "Assyut", "Asiut", "Asyoot"]),
        new("SHG", "سوهاج", "Sohag", ["Suhag", "Souhag", "Sohaj", "Suhaj"]),
        new("KN", "قنا", "Qena", ["Qina", "Kena", "Qenna", "Kina"]),
        new("LX", "الأقصر", "Luxor", ["Loxor", "Al Uqsur", "Luxur", "Uqsur", "لوكسور"]),
        new("ASN", "أسوان", "Aswan", ["Aswaan", "Assuan", "Aswan", "Asuan"]),
        new("BA", "البحر الأحمر", "Red Sea", ["Al Bahr al Ahmar", "Bahr Ahmar", "Redsea", "Hurghada", "الغردقه"]),
        new("WAD", "الوادي الجديد", "New Valley", ["Wadi Gedid", "El Wadi El Gedid", "Al Wadi al Jadid", "Wadi Jadid", "Kharga", "الخارجه"]),
        new("MT", "مطروح", "Matrouh", ["Matruh", "Marsa Matrouh", "Matroh", "Marsa Matruh", "مرسي مطروح"]),
        new("SIN", "شمال سيناء", "North Sinai", ["Shamal Sinai", "N Sinai", "North Sinaa", "Arish", "العريش"]),
        new("JS", "جنوب سيناء", "South Sinai", ["Ganoub Sinai", "Janub Sina", "S Sinai", "South Sinaa", "Sharm", "شرم الشيخ"]),
    ];

    /// <summary>ByCode: the governorate with the given code, or null.</summary>
    public static Governorate? ByCode(string? code) => All.FirstOrDefault(g => g.Code == code);
}

using OutreachBot.Flows.Prompts;

namespace OutreachBot.Flows.SignUp;

/// <summary>ChoiceSets: the fixed options of the sign-up choice steps (codes are what the contact stores).</summary>
/// <remarks>Synonyms are matching data (words people type), not UI text; labels come from the resources.</remarks>
public static class ChoiceSets
{
    public static IReadOnlyList<ChoiceOption> Languages { get; } =
    [
        new(Model.Languages.Arabic, "lang_ar", ["عربي", "arabic", "ar", "العربي", "عربيه"]),
        new(Model.Languages.English, "lang_en", ["english", "en", "انجليزي", "انجلش"]),
    ];

    public static IReadOnlyList<ChoiceOption> AgeBands { get; } =
    [
        new("15-17", "age_15_17", ["15-17", "15 17"]),
        new("18-24", "age_18_24", ["18-24", "18 24"]),
        new("25-34", "age_25_34", ["25-34", "25 34"]),
        new("35-49", "age_35_49", ["35-49", "35 49"]),
        new("50+", "age_50_plus", ["50+", "50 +"]),
    ];

    public static IReadOnlyList<ChoiceOption> Genders { get; } =
    [
        new("female", "gender_female", ["female", "f", "woman", "انثي", "ست", "بنت", "انثى"]),
        new("male", "gender_male", ["male", "m", "man", "ذكر", "راجل", "ولد"]),
        new("unspecified", "gender_unspecified", ["prefer not to say", "none", "skip"]),
    ];

    public static IReadOnlyList<ChoiceOption> Interests { get; } =
    [
        new("hayah_karima", "interest_hayah_karima", ["حياه كريمه", "hayah karima", "haya karima", "rural", "rural development"]),
        new("wai", "interest_wai", ["وعي", "wai", "wa'i", "awareness", "community awareness"]),
        new("daem", "interest_daem", ["داعم", "daem", "da'em", "economic", "economic empowerment"]),
        new("health", "interest_health", ["صحه", "الصحه", "ادمان", "health", "addiction", "anti-addiction"]),
        new("red_crescent", "interest_red_crescent", ["الهلال الاحمر", "الهلال", "red crescent", "relief"]),
        new("education", "interest_education", ["محو الاميه", "تعليم", "التعليم", "education", "literacy"]),
    ];

    public static IReadOnlyList<ChoiceOption> Availability { get; } =
    [
        new("weekdays", "avail_weekdays", ["weekdays", "ايام الاسبوع", "وسط الاسبوع"]),
        new("weekends", "avail_weekends", ["weekends", "weekend", "الاجازه", "الويك اند", "الجمعه والسبت"]),
        new("evenings", "avail_evenings", ["evenings", "evening", "بالليل", "المسا", "بليل"]),
    ];

    public static IReadOnlyList<ChoiceOption> Consent { get; } =
    [
        new(YesNo.YesCode, "consent_yes", [.. YesNo.YesWords, "agree", "i agree", "موافق", "موافقه"]),
        new(YesNo.NoCode, "consent_no", [.. YesNo.NoWords, "مش موافق", "مش موافقه"]),
    ];

    /// <summary>Labels: the display labels of a set in a language.</summary>
    public static IReadOnlyList<string> Labels(IReadOnlyList<ChoiceOption> set, string language) =>
        [.. set.Select(o => o.Label(language))];

    /// <summary>LabelOf: the label of a stored code, or the code itself when unknown.</summary>
    public static string LabelOf(IReadOnlyList<ChoiceOption> set, string code, string language) =>
        set.FirstOrDefault(o => o.Code == code)?.Label(language) ?? code;
}

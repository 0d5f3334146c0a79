using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>PlacesDataTests: Resources/Places.yaml covers every governorate and names each place without ambiguity.</summary>
public sealed class PlacesDataTests
{
    // Place names that really exist in two governorates; the matcher asks which one is meant. Anything else
    // used in two governorates is a mistake.
    private static readonly string[] SharedNames = ["المطرية", "الجمالية", "دار السلام", "بدر", "فيصل", "الإبراهيمية"];

    private static readonly string[] Kinds = ["capital", "city", "markaz"];

    // Words that answer other questions, or «مصر», which can mean Cairo or all of Egypt: never a place spelling.
    private static readonly string[] ReservedAnswers =
        ["مصر", "masr", "misr", "egypt", "نعم", "لا", "ايوه", "اه", "تمام", "yes", "no", "ok", "stop", "start", "help", "menu"];

    private const int MinimumPlaces = 330;
    private const int MinimumPlacesPerGovernorate = 6;

    // The file as written, section by section (unknown keys fail the read), so a governorate written twice shows.
    private readonly IReadOnlyList<PlaceSection> _data = Places.Sections;

    [Fact]
    public void ListsEveryGovernorateOnceByItsCode()
    {
        var codes = _data.Select(g => g.Governorate).ToList();
        Assert.All(codes, code => Assert.NotNull(Governorates.ByCode(code)));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(Governorates.All.Select(g => g.Code).Order(), codes.Order());
    }

    [Fact]
    public void EveryGovernorateHasExactlyOneCapital()
    {
        var wrong = _data.Where(g => g.Places.Count(p => p.Kind == "capital") != 1).Select(g => g.Governorate);
        Assert.True(!wrong.Any(), $"not exactly one capital: {string.Join(", ", wrong)}");
    }

    [Fact]
    public void EveryPlaceHasArabicAndEnglishNamesAndAKnownKind()
    {
        foreach (var place in AllPlaces())
        {
            Assert.True(place.Ar.Any(IsArabicLetter), $"ar is not Arabic: '{place.Ar}'");
            Assert.True(place.En.Any(char.IsAsciiLetter) && !place.En.Any(IsArabicLetter), $"en is not English: '{place.En}' ({place.Ar})");
            Assert.True(Kinds.Contains(place.Kind), $"unknown kind '{place.Kind}' ({place.Ar})");
            Assert.All(place.Spellings, s => Assert.False(string.IsNullOrWhiteSpace(s), $"blank spelling in {place.Ar}"));
        }
    }

    [Fact]
    public void NoSpellingIsWrittenTwiceInsideAGovernorate()
    {
        var repeated = _data.SelectMany(g => g.Places.SelectMany(p => p.Names).GroupBy(n => n.Trim()).Where(n => n.Count() > 1).Select(n => $"{g.Governorate}: {n.Key}"));
        Assert.True(!repeated.Any(), $"written twice: {string.Join(", ", repeated)}");
    }

    [Fact]
    public void NoTwoPlacesOfAGovernorateShareANormalisedName()
    {
        var clashes = _data.SelectMany(g => g.Places
            .SelectMany(p => p.Names.Select(n => (Name: ArabicNormalizer.Normalize(n), Place: p.Ar)))
            .GroupBy(x => x.Name)
            .Where(n => n.Select(x => x.Place).Distinct().Count() > 1)
            .Select(n => $"{g.Governorate}: {n.Key} ({string.Join(" / ", n.Select(x => x.Place).Distinct())})"));
        Assert.True(!clashes.Any(), $"one name for two places: {string.Join(", ", clashes)}");
    }

    [Fact]
    public void OnlyTheSharedNamesAreUsedInTwoGovernorates()
    {
        var shared = SharedNames.Select(ArabicNormalizer.Normalize).ToHashSet();
        var byName = _data
            .SelectMany(g => g.Places.SelectMany(p => p.Names.Select(n => (Name: ArabicNormalizer.Normalize(n), g.Governorate, Ar: ArabicNormalizer.Normalize(p.Ar)))))
            .GroupBy(x => x.Name)
            .Where(g => g.Select(x => x.Governorate).Distinct().Count() > 1)
            .ToList();
        var unexpected = byName
            .Where(n => n.Select(x => x.Ar).Distinct().Count() > 1 || !shared.Contains(n.First().Ar))
            .Select(n => $"'{n.Key}' in {string.Join(", ", n.Select(x => x.Governorate).Distinct())} by {string.Join(" / ", n.Select(x => x.Ar).Distinct())}");
        Assert.True(!unexpected.Any(), $"used in two governorates: {string.Join("; ", unexpected)}");
        // The allow-list stays short and true: every entry is a name that two governorates really use.
        Assert.Equal(shared.Order(), byName.SelectMany(g => g.Select(x => x.Ar)).Distinct().Order());
    }

    [Fact]
    public void NoPlaceIsCalledByAnotherGovernoratesName()
    {
        var taken = Governorates.All.SelectMany(governorate =>
        {
            var names = new[] { governorate.Arabic, governorate.English }.Concat(governorate.Variants).Select(ArabicNormalizer.Normalize).ToHashSet();
            return _data.Where(g => g.Governorate != governorate.Code)
                .SelectMany(g => g.Places.SelectMany(p => p.Names).Where(n => names.Contains(ArabicNormalizer.Normalize(n))).Select(n => $"{g.Governorate}: {n} (names {governorate.Code})"));
        });
        Assert.True(!taken.Any(), $"a place called by another governorate's name: {string.Join(", ", taken)}");
    }

    [Fact]
    public void NoPlaceNameIsOnlyDigitsOrAnEverydayAnswer()
    {
        var reserved = ReservedAnswers.Select(ArabicNormalizer.Normalize).ToHashSet();
        var wrong = AllPlaces().SelectMany(p => p.Names).Select(ArabicNormalizer.Normalize)
            .Where(n => n.All(c => char.IsAsciiDigit(c) || c == ' ') || reserved.Contains(n));
        Assert.True(!wrong.Any(), $"would take a number or another answer for a place: {string.Join(", ", wrong)}");
    }

    [Fact]
    public void ListsTheCapitalAndMainPlacesOfEveryGovernorate()
    {
        Assert.True(AllPlaces().Count() >= MinimumPlaces, $"only {AllPlaces().Count()} places");
        var few = _data.Where(g => g.Places.Count < MinimumPlacesPerGovernorate).Select(g => $"{g.Governorate} ({g.Places.Count})");
        Assert.True(!few.Any(), $"fewer than {MinimumPlacesPerGovernorate} places: {string.Join(", ", few)}");
    }

    private IEnumerable<Place> AllPlaces() => _data.SelectMany(g => g.Places);

    private static bool IsArabicLetter(char c) => c is >= '\u0621' and <= '\u064A';
}

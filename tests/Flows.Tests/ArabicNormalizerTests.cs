using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>ArabicNormalizerTests: the folded form that all matching relies on.</summary>
public sealed class ArabicNormalizerTests
{
    [Theory]
    [InlineData("أحمد", "احمد")]
    [InlineData("إلغاء", "الغاء")]
    [InlineData("آمنة", "امنه")]
    [InlineData("ٱلله", "الله")]
    [InlineData("مستشفى", "مستشفي")]
    [InlineData("القاهرة", "القاهره")]
    [InlineData("مؤمن", "مومن")]
    [InlineData("عـــربي", "عربي")]
    [InlineData("مُحَمَّد", "محمد")]
    [InlineData("هٰذا", "هذا")]
    public void FoldsArabicLetterVariants(string input, string expected) =>
        Assert.Equal(expected, ArabicNormalizer.Normalize(input));

    [Theory]
    [InlineData("٠١٢٣٤٥٦٧٨٩", "0123456789")]
    [InlineData("۰۱۲۳۴۵۶۷۸۹", "0123456789")]
    [InlineData("١، ٣", "1, 3")]
    public void ConvertsEasternArabicAndPersianDigitsAndArabicComma(string input, string expected) =>
        Assert.Equal(expected, ArabicNormalizer.Normalize(input));

    [Theory]
    [InlineData("  STOP  ", "stop")]
    [InlineData("Minya.", "minya")]
    [InlineData("!!نعم!!", "نعم")]
    [InlineData("\u200fانضم\u200f", "انضم")]
    [InlineData("\u200eEnglish\u202c", "english")]
    [InlineData("el   minya\t\n", "el minya")]
    [InlineData("انضم 👍", "انضم")]
    [InlineData("/start", "/start")]
    [InlineData("+20 100", "+20 100")]
    [InlineData("50+", "50+")]
    public void TrimsPunctuationMarksAndCollapsesSpaces(string input, string expected) =>
        Assert.Equal(expected, ArabicNormalizer.Normalize(input));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("😀🎉")]
    [InlineData("\0")]
    [InlineData("\u0001\u0007\u001b")]
    [InlineData("\u200f\u200e")]
    public void ReturnsEmptyForInputsWithoutText(string? input) =>
        Assert.Equal("", ArabicNormalizer.Normalize(input));

    [Fact]
    public void HandlesTenThousandCharacters()
    {
        var input = new string('ة', 10_000);
        Assert.Equal(new string('ه', 10_000), ArabicNormalizer.Normalize(input));
    }

    [Fact]
    public void CleanKeepsTheTextAsTypedButDropsInvisibleCharactersAndTatweel() =>
        Assert.Equal("مُحَمَّد أحمد", ArabicNormalizer.Clean("\u200f  مُحَمَّد \u0000  أحـــمد "));
}

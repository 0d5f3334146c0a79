using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>SharedPromptsTests: the one choice reader every flow uses: numbers in both digit sets, letters where a flow allows them, yes and no.</summary>
public sealed class SharedPromptsTests
{
    private static readonly string[] Labels = ["تنضيف القرية", "فصول محو الأمية", "يوم صحي"];

    [Theory]
    [InlineData("2", 1)]
    [InlineData("٢", 1)]
    [InlineData("۳", 2)]
    [InlineData("أ", 0)]
    [InlineData("ب", 1)]
    [InlineData("ج", 2)]
    [InlineData("c", 2)]
    [InlineData("B", 1)]
    [InlineData("د", -1)]
    [InlineData("4", -1)]
    [InlineData("0", -1)]
    [InlineData("يوم صحى", 2)]
    [InlineData("مش عارف", -1)]
    public void ReadsNumbersLettersAndLabels(string typed, int expected) =>
        Assert.Equal(expected, ChoiceParser.IndexOf(ArabicNormalizer.Normalize(typed), Labels, letters: true));

    [Theory]
    [InlineData("ب")]
    [InlineData("a")]
    public void LettersCountOnlyWhereAllowed(string typed) =>
        Assert.Equal(-1, ChoiceParser.IndexOf(ArabicNormalizer.Normalize(typed), Labels));

    [Theory]
    [InlineData("أيوه", true)]
    [InlineData("آه", true)]
    [InlineData("Yes", true)]
    [InlineData("1", true)]
    [InlineData("لأ", false)]
    [InlineData("no", false)]
    [InlineData("٢", false)]
    [InlineData("يمكن", null)]
    public void ReadsYesAndNo(string typed, bool? expected) => Assert.Equal(expected, YesNo.Read(ArabicNormalizer.Normalize(typed)));
}

using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>TolerantChoiceTests: quiz answers by number in any digits, letter, label in either language, or a label with a typo; nothing ambiguous.</summary>
public sealed class TolerantChoiceTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> Options =
    [
        ["أعطيه الكود ما دام من البنك", "Give him the code"],
        ["أرفض وأنهي المكالمة", "Refuse and hang up"],
        ["أنا فقط", "Only me"],
    ];

    [Theory]
    [InlineData("2", 1)]
    [InlineData("٣", 2)]
    [InlineData("۱", 0)]
    [InlineData("ب", 1)]
    [InlineData("أ", 0)]
    [InlineData("c", 2)]
    [InlineData("انا فقط", 2)]
    [InlineData("انا فقظ", 2)]
    [InlineData("refuse and hang up", 1)]
    [InlineData("refuse and hangup", 1)]
    [InlineData("ارفض وانهي المكالمه", 1)]
    [InlineData("4", -1)]
    [InlineData("د", -1)]
    [InlineData("مش عارف", -1)]
    [InlineData("", -1)]
    public void ReadsTheChoice(string typed, int expected) =>
        Assert.Equal(expected, TolerantChoice.Index(ArabicNormalizer.Normalize(typed), Options));

    [Fact]
    public void ATypoEquallyNearTwoOptionsIsNotGuessed() =>
        Assert.Equal(-1, TolerantChoice.Index("option b", [["option a"], ["option c"]]));
}

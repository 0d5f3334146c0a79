using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Tests;

/// <summary>GovernorateMatcherTests: governorates by number, name, common variant and small typo.</summary>
public sealed class GovernorateMatcherTests
{
    [Fact]
    public void ListsAllTwentySevenGovernoratesWithDistinctCodes()
    {
        Assert.Equal(27, Governorates.All.Count);
        Assert.Equal(27, Governorates.All.Select(g => g.Code).Distinct().Count());
        Assert.Equal("MN", Governorates.All[16].Code);
    }

    [Theory]
    [InlineData("المنيا", "MN")]
    [InlineData("منيا", "MN")]
    [InlineData("المنيه", "MN")]
    [InlineData("Minya", "MN")]
    [InlineData("Menia", "MN")]
    [InlineData("el minya", "MN")]
    [InlineData("El-Minya", "MN")]
    [InlineData("Mnya", "MN")]
    [InlineData("17", "MN")]
    [InlineData("١٧", "MN")]
    [InlineData("محافظة أسيوط", "AST")]
    [InlineData("Assiut", "AST")]
    [InlineData("الاسكندريه", "ALX")]
    [InlineData("Alex", "ALX")]
    [InlineData("بور سعيد", "PTS")]
    [InlineData("Port Said", "PTS")]
    [InlineData("كفر الشيخ", "KFS")]
    [InlineData("Kafr El-Sheikh", "KFS")]
    [InlineData("الوادى الجديد", "WAD")]
    [InlineData("Fayoum", "FYM")]
    [InlineData("القاهره", "C")]
    [InlineData("Cairro", "C")]
    [InlineData("قنا", "KN")]
    [InlineData("Qena", "KN")]
    [InlineData("Beni Sweif", "BNS")]
    [InlineData("جنوب سيناء", "JS")]
    public void MatchesNamesVariantsTyposAndNumbers(string answer, string code)
    {
        var match = GovernorateMatcher.Match(answer);
        Assert.Equal(code, match.Match?.Code);
    }

    [Theory]
    [InlineData("سيناء")]
    [InlineData("Sinai")]
    public void ReportsAmbiguityWhenSeveralGovernoratesFit(string answer)
    {
        var match = GovernorateMatcher.Match(answer);
        Assert.Null(match.Match);
        Assert.True(match.IsAmbiguous);
        Assert.Equal(["SIN", "JS"], match.Candidates.Select(g => g.Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("28")]
    [InlineData("xyz")]
    [InlineData("بلد")]
    [InlineData("Atlantis")]
    [InlineData("😀")]
    public void FindsNothingForUnknownAnswers(string answer)
    {
        var match = GovernorateMatcher.Match(answer);
        Assert.Null(match.Match);
        Assert.False(match.IsAmbiguous);
    }

    [Fact]
    public void NeverConfusesMinyaWithMenofia()
    {
        Assert.Equal("MN", GovernorateMatcher.Match("منيا").Match?.Code);
        Assert.Equal("MNF", GovernorateMatcher.Match("منوفيه").Match?.Code);
        Assert.Equal("MNF", GovernorateMatcher.Match("Menofia").Match?.Code);
    }
}

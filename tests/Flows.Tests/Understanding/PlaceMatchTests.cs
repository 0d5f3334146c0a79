using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Tests.Understanding;

/// <summary>PlaceMatchTests: the towns residents give for their governorate map to it, in Arabic, English and Franco-Arabic.</summary>
public sealed class PlaceMatchTests
{
    private static IReadOnlyList<Place> Match(string typed) => PlaceMatcher.Match(Utterance.Of(ArabicNormalizer.Normalize(typed)));

    [Theory]
    [InlineData("المنصورة", "DK")]
    [InlineData("المنصوره", "DK")]
    [InlineData("Mansoura", "DK")]
    [InlineData("el mansoura", "DK")]
    [InlineData("الزقازيق", "SHR")]
    [InlineData("Zagazig", "SHR")]
    [InlineData("طنطا", "GH")]
    [InlineData("مركز ملوي", "MN")]
    [InlineData("ملوي", "MN")]
    [InlineData("el 2ahera", "C")]
    [InlineData("2ahera", "C")]
    [InlineData("حلوان", "C")]
    [InlineData("7elwan", "C")]
    [InlineData("المحله الكبري", "GH")]
    [InlineData("اخميم", "SHG")]
    public void ATownNamesItsGovernorate(string typed, string governorate)
    {
        var places = Match(typed);
        Assert.Single(places);
        Assert.Equal(governorate, places[0].Governorate);
    }

    [Fact]
    public void ANameOfTwoGovernoratesGivesBoth() =>
        Assert.Equal(["C", "DK"], Match("المطرية").Select(p => p.Governorate).Order());

    [Theory]
    [InlineData("Cairoo city")]
    [InlineData("Atlantis")]
    [InlineData("بلد")]
    [InlineData("مصر")]
    [InlineData("نعم")]
    [InlineData("1")]
    public void NoPlaceForUnknownWordsOrEgypt(string typed) => Assert.Empty(Match(typed));

    [Theory]
    [InlineData("مصر")]
    [InlineData("Masr")]
    [InlineData("misr")]
    public void EgyptAloneIsAskedAbout(string typed) => Assert.True(PlaceMatcher.IsEgypt(ArabicNormalizer.Normalize(typed)));

    [Theory]
    [InlineData("el shar2eya", "SHR")]
    [InlineData("bor sa3eed", "PTS")]
    [InlineData("el 2alyobeya", "KB")]
    public void FrancoGovernoratesAreReadAsArabic(string typed, string governorate)
    {
        var heard = Utterance.Of(ArabicNormalizer.Normalize(typed));
        var match = heard.Texts.Select(GovernorateMatcher.Match).FirstOrDefault(m => m.Match is not null);
        Assert.Equal(governorate, match?.Match?.Code);
    }
}

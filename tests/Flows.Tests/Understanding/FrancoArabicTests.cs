using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests.Understanding;

/// <summary>FrancoArabicTests: Franco-Arabic as residents type it is read as the Arabic it stands for, and nothing else is.</summary>
public sealed class FrancoArabicTests
{
    [Theory]
    [InlineData("endam", "انضم")]
    [InlineData("aywa", "ايوه")]
    [InlineData("la2", "لاء")]
    [InlineData("3arabi", "عربي")]
    [InlineData("engelizy", "انجليزي")]
    [InlineData("el sharkeya", "الشرقيه")]
    [InlineData("bor sa3eed", "بور سعيد")]
    [InlineData("ana 3awza asagel", "انا عاوزه اسجل")]
    [InlineData("3ayez atetawa3", "عايز اتطوع")]
    [InlineData("7elwan", "حلوان")]
    [InlineData("5alas", "خلاص")]
    [InlineData("el mansoura", "المنصوره")]
    [InlineData("Tamam", "تمام")]
    [InlineData("kefaya", "كفايه")]
    public void ReadsEachWordAsResidentsMeanIt(string typed, string arabic)
    {
        var reading = FrancoArabic.Read(ArabicNormalizer.Normalize(typed));
        var words = arabic.Split(' ');
        Assert.Equal(words.Length, reading.Words.Count);
        for (var i = 0; i < words.Length; i++) Assert.Contains(words[i], reading.Words[i]);
    }

    [Theory]
    [InlineData("endam", "انضم")]
    [InlineData("3arabi", "عربي")]
    [InlineData("engelizy", "انجليزي")]
    [InlineData("bor sa3eed", "بور سعيد")]
    [InlineData("la2", "لا")]
    public void ReadsWholeMessagesForExactTables(string typed, string arabic) =>
        Assert.Contains(arabic, FrancoArabic.Read(ArabicNormalizer.Normalize(typed)).Phrases);

    [Theory]
    [InlineData("عايز اتطوع")]
    [InlineData("2")]
    [InlineData("01012345678")]
    [InlineData("/start join")]
    [InlineData("")]
    [InlineData("😀🎉")]
    [InlineData("المنيا 2")]
    public void LeavesArabicDigitsAndCommandsAlone(string typed)
    {
        Assert.False(FrancoArabic.IsFranco(ArabicNormalizer.Normalize(typed)));
        Assert.Same(FrancoReading.None, FrancoArabic.Read(ArabicNormalizer.Normalize(typed)));
    }

    [Theory]
    [InlineData("ana 3awza asagel fe el gam3eya")]
    [InlineData("sharkeya")]
    [InlineData("el7amdolellah 3ala kol 7aga ya gama3a")]
    public void KeepsTheReadingsBounded(string typed)
    {
        var reading = FrancoArabic.Read(ArabicNormalizer.Normalize(typed));
        Assert.InRange(reading.Phrases.Count, 1, FrancoArabic.MaxCandidates);
        Assert.All(reading.Words, w => Assert.InRange(w.Count, 1, FrancoArabic.MaxCandidates));
    }

    [Fact]
    public void AnArticleJoinsTheWordAfterIt()
    {
        var reading = FrancoArabic.Read("el sharkeya");
        Assert.Single(reading.Words);
        Assert.All(reading.Words[0], w => Assert.StartsWith("ال", w));
    }
}

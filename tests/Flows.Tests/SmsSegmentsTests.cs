using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>SmsSegmentsTests: SMS parts counted by characters as carriers bill them: GSM-7 160/153, UCS-2 70/67, escapes and surrogate pairs never split.</summary>
public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void EnglishUsesGsm7With160AloneAnd153PerPart(int length, int segments)
    {
        var count = SmsSegments.Count(new string('a', length));
        Assert.Equal(new SmsSegmentCount(segments, SmsEncoding.Gsm7, length), count);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void ArabicUsesUcs2With70AloneAnd67PerPart(int length, int segments)
    {
        var count = SmsSegments.Count(new string('ب', length));
        Assert.Equal(new SmsSegmentCount(segments, SmsEncoding.Ucs2, length), count);
    }

    [Fact]
    public void OneArabicLetterTurnsAnEnglishTextIntoUcs2()
    {
        var english = new string('a', 69);
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Ucs2, 70), SmsSegments.Count(english + "ب"));
        Assert.Equal(new SmsSegmentCount(2, SmsEncoding.Ucs2, 71), SmsSegments.Count(english + "بب"));
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count("Reply 1 for عربي").Encoding);
    }

    [Fact]
    public void EasternArabicDigitsAreUcs2()
    {
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count("٠١٠٠١٢٣٤٥٦٧").Encoding);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count("01001234567").Encoding);
    }

    [Theory]
    [InlineData('€')]
    [InlineData('[')]
    [InlineData(']')]
    [InlineData('{')]
    [InlineData('}')]
    [InlineData('~')]
    [InlineData('^')]
    [InlineData('|')]
    [InlineData('\\')]
    public void GsmExtensionCharactersCostTwoSeptets(char extension)
    {
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Gsm7, 160), SmsSegments.Count(new string('a', 158) + extension));
        Assert.Equal(new SmsSegmentCount(2, SmsEncoding.Gsm7, 161), SmsSegments.Count(new string('a', 159) + extension));
        Assert.Equal(1, SmsSegments.Count(new string(extension, 80)).Segments);
        Assert.Equal(2, SmsSegments.Count(new string(extension, 81)).Segments);
    }

    [Fact]
    public void AnEscapePairIsNeverSplitAcrossParts()
    {
        // 306 septets would fit two parts of 153, but the € (escape + e) cannot straddle the first boundary.
        var text = new string('a', 152) + "€" + new string('a', 152);
        Assert.Equal(new SmsSegmentCount(3, SmsEncoding.Gsm7, 306), SmsSegments.Count(text));
    }

    [Fact]
    public void EmojiIsUcs2AndASurrogatePairIsNeverSplitAcrossParts()
    {
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Ucs2, 70), SmsSegments.Count(string.Concat(Enumerable.Repeat("😀", 35))));
        Assert.Equal(new SmsSegmentCount(2, SmsEncoding.Ucs2, 72), SmsSegments.Count(string.Concat(Enumerable.Repeat("😀", 36))));
        // 134 units would fit two parts of 67, but the emoji cannot straddle the first boundary.
        var text = new string('ب', 66) + "😀" + new string('ب', 66);
        Assert.Equal(new SmsSegmentCount(3, SmsEncoding.Ucs2, 134), SmsSegments.Count(text));
    }

    [Fact]
    public void GsmBasicSymbolsAndLineBreaksStayGsm7()
    {
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Gsm7, 15), SmsSegments.Count("@£$¥ é\nÄ_!?.,-:"[..15]));
        Assert.True(SmsSegments.IsGsm7("Reply 1, 2 or 3.\r\nThanks!"));
        Assert.False(SmsSegments.IsGsm7("naïve")); // ï is not in GSM 03.38
    }

    [Fact]
    public void TheBudgetCountsWithTheSameRulesAsSmsSegments()
    {
        var escapeAtBoundary = new string('a', 152) + "€" + new string('a', 152);
        var pairAtBoundary = new string('ب', 66) + "😀" + new string('ب', 66);
        Assert.Equal(SmsSegments.Count(escapeAtBoundary).Segments, SmsBudget.Segments(escapeAtBoundary));
        Assert.Equal(SmsSegments.Count(pairAtBoundary).Segments, SmsBudget.Segments(pairAtBoundary));
    }

    [Fact]
    public void SplittingNeverCutsASurrogatePairAndEveryPartFits()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 150));
        var parts = SmsBudget.SplitByLines(text);
        Assert.All(parts, p => Assert.True(SmsBudget.Fits(p) && !char.IsHighSurrogate(p[^1]), p));
        Assert.Equal(text, string.Concat(parts));
    }
}

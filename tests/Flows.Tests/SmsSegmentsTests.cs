using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>SmsSegmentsTests: GSM-7 and UCS-2 part counting by characters, including the characters that cost more than one unit.</summary>
public sealed class SmsSegmentsTests
{
    [Fact]
    public void ArabicIsUcs2CountedInCharacters()
    {
        var count = SmsSegments.Count("اكتب اسمك بالكامل");
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Ucs2, 17), count);
    }

    [Fact]
    public void PlainEnglishIsGsm7()
    {
        var count = SmsSegments.Count("Write your full name, please.");
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Gsm7, 29), count);
    }

    [Fact]
    public void OneArabicLetterMakesTheWholeTextUcs2()
    {
        var count = SmsSegments.Count("Reply 1 for عربي");
        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(16, count.Units);
    }

    [Theory]
    [InlineData("ç")]
    [InlineData("`")]
    [InlineData("’")]
    public void ACharacterOutsideTheGsmTablesMakesItUcs2(string odd) =>
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count("Hello " + odd).Encoding);

    [Fact]
    public void GsmBasicTableLettersCostOneSeptet()
    {
        var count = SmsSegments.Count("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà");
        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(41, count.Units);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("~")]
    [InlineData("^")]
    [InlineData("|")]
    [InlineData("\\")]
    public void ExtensionCharactersAreGsm7ButCostTwoSeptets(string c)
    {
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Gsm7, 3), SmsSegments.Count("a" + c));
        Assert.Equal(1, SmsSegments.Count(string.Concat(Enumerable.Repeat(c, 80))).Segments);
        Assert.Equal(2, SmsSegments.Count(string.Concat(Enumerable.Repeat(c, 80)) + "a").Segments);
    }

    [Fact]
    public void EmojiAreUcs2AndCostTwoUnits()
    {
        var count = SmsSegments.Count("تمام 👍");
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Ucs2, 7), count);
        Assert.Equal(2, SmsSegments.Count(new string('ب', 69) + "👍").Segments);
    }

    [Theory]
    [InlineData('ب', 70, 1)]
    [InlineData('ب', 71, 2)]
    [InlineData('ب', 134, 2)]
    [InlineData('ب', 135, 3)]
    [InlineData('ب', 201, 3)]
    [InlineData('ب', 202, 4)]
    [InlineData('a', 160, 1)]
    [InlineData('a', 161, 2)]
    [InlineData('a', 306, 2)]
    [InlineData('a', 307, 3)]
    [InlineData('a', 459, 3)]
    [InlineData('a', 460, 4)]
    public void PartBoundaries(char c, int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string(c, length)).Segments);

    [Fact]
    public void AnExtensionCharacterIsNeverSplitAcrossTwoParts()
    {
        // 152 septets fill part one but for one; the escape pair of € does not fit, so it opens part two.
        var text = new string('a', 152) + "€" + new string('a', 152);
        var count = SmsSegments.Count(text);
        Assert.Equal(306, count.Units);
        Assert.Equal(3, count.Segments);
    }

    [Fact]
    public void AnExtensionCharacterThatExactlyFillsAPartStaysInIt()
    {
        var text = new string('a', 151) + "€" + new string('a', 153);
        Assert.Equal(2, SmsSegments.Count(text).Segments);
    }

    [Fact]
    public void AnEmojiIsNeverSplitAcrossTwoParts()
    {
        var text = new string('ب', 66) + "👍" + new string('ب', 66);
        var count = SmsSegments.Count(text);
        Assert.Equal(134, count.Units);
        Assert.Equal(3, count.Segments);
    }

    [Fact]
    public void AnEmptyTextIsOneGsmPart() =>
        Assert.Equal(new SmsSegmentCount(1, SmsEncoding.Gsm7, 0), SmsSegments.Count(""));

    [Fact]
    public void EasternArabicDigitsAreUcs2() =>
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count("١٢٣").Encoding);
}

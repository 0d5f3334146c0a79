using System.Text;
using OutreachBot.Bot.Channels.Telegram;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramTextSplitterTests: long texts are cut by UTF-16 units at line or word boundaries, losing no word.</summary>
public sealed class TelegramTextSplitterTests
{
    private static string ArabicText(int length)
    {
        string[] words = ["متطوعين", "المنيا", "أسيوط", "مبادرة", "تمام", "اكتب", "اسمك", "محافظتك", "شكرا", "يا", "جماعة"];
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(words[i % words.Length]);
            text.Append(i % 23 == 22 ? '\n' : ' ');
        }
        return text.ToString(0, length);
    }

    [Fact]
    public void ArabicTextOfTenThousandCharactersIsSplitIntoThreePartsAtWordBoundaries()
    {
        var text = ArabicText(10_000);

        var parts = TelegramTextSplitter.Split(text);

        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 4096));
        // No word was cut: the parts' words, in order, are exactly the text's words.
        Assert.Equal(text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries),
            parts.SelectMany(p => p.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.All(parts, p => Assert.False(char.IsWhiteSpace(p[0]) || char.IsWhiteSpace(p[^1])));
    }

    [Fact]
    public void LineBreaksArePreferredOverSpaces()
    {
        var firstLine = new string('ا', 3000);
        var text = firstLine + "\n" + new string('ب', 500) + " " + new string('ت', 2000);

        var parts = TelegramTextSplitter.Split(text);

        Assert.Equal(firstLine, parts[0]);
    }

    [Fact]
    public void TextWithinTheLimitIsSentWhole()
    {
        var text = new string('م', 4096);

        Assert.Equal([text], TelegramTextSplitter.Split(text));
    }

    [Fact]
    public void HardCutNeverSplitsASurrogatePair()
    {
        // 4095 letters then emoji (2 UTF-16 units each) with no space: the limit falls inside the first emoji.
        var text = new string('a', 4095) + string.Concat(Enumerable.Repeat("😀", 100));

        var parts = TelegramTextSplitter.Split(text);

        Assert.Equal(text, string.Concat(parts));
        Assert.Equal(4095, parts[0].Length);
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1]) || char.IsLowSurrogate(p[0])));
    }

    [Fact]
    public void LengthIsCountedInUtf16UnitsNotBytes()
    {
        // 4,096 Arabic letters are 8,192 UTF-8 bytes but exactly at Telegram's limit.
        var text = new string('ع', 4096);

        Assert.Single(TelegramTextSplitter.Split(text));
        Assert.Equal(2, TelegramTextSplitter.Split(text + "ع").Count);
    }
}

using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Tests.Support;
using Xunit.Abstractions;

namespace OutreachBot.Flows.Tests;

/// <summary>SmsBudgetTests: segment counting by characters, and every SMS-bound text within three segments.</summary>
public sealed partial class SmsBudgetTests(ITestOutputHelper output)
{
    /// <summary>Worst case for a format item: the longest volunteer number a long id can produce (19 digits and a check digit).</summary>
    private const string WorstCaseArgument = "12345678901234567890";

    [Theory]
    [InlineData(Languages.Arabic)]
    [InlineData(Languages.English)]
    public void EverySmsBoundTextIsListedWithItsSegmentsAndStaysWithinThree(string language)
    {
        var counted = SmsPrompts.All(language).Select(t => (Text: t, Count: SmsSegments.Count(t))).ToList();
        foreach (var (text, count) in counted.OrderByDescending(c => c.Count.Units))
            output.WriteLine($"{count.Segments} seg {count.Encoding} {count.Units,4}: {text.ReplaceLineEndings(" / ")}");
        Assert.All(counted, c => Assert.True(c.Count.Segments <= SmsBudget.MaxSegments, $"{c.Count.Segments} segments: {c.Text}"));
    }

    [Theory]
    [InlineData("Texts.resx")]
    [InlineData("Texts.en.resx")]
    public void EveryResourceTextWithWorstCasePlaceholdersStaysWithinThreeSegments(string file)
    {
        // Read from the resx files themselves, so a text no engine path renders is held to the budget too.
        var path = Path.Combine(SourceFiles.RepoRoot, "src", "Flows", "Resources", file);
        var values = XDocument.Load(path).Root!.Elements("data")
            .Select(d => (Key: (string)d.Attribute("name")!, Text: FormatItem().Replace((string)d.Element("value")!, WorstCaseArgument)))
            .ToList();
        Assert.True(values.Count > 50, $"only {values.Count} texts in {file}");
        foreach (var (key, text) in values)
            output.WriteLine($"{SmsSegments.Count(text).Segments} seg {key}");
        Assert.All(values, v => Assert.True(SmsSegments.Count(v.Text).Segments <= SmsBudget.MaxSegments, $"{v.Key}: {v.Text}"));
    }

    [GeneratedRegex(@"\{\d+(,[^}]*)?(:[^}]*)?\}")]
    private static partial Regex FormatItem();

    [Theory]
    [InlineData(160, 'a', 1)]
    [InlineData(161, 'a', 2)]
    [InlineData(459, 'a', 3)]
    [InlineData(460, 'a', 4)]
    [InlineData(70, 'ب', 1)]
    [InlineData(71, 'ب', 2)]
    [InlineData(201, 'ب', 3)]
    [InlineData(202, 'ب', 4)]
    public void CountsSegmentsByCharacters(int length, char c, int segments) =>
        Assert.Equal(segments, SmsBudget.Segments(new string(c, length)));

    [Fact]
    public void CountsGsmExtensionCharactersTwice() => Assert.Equal(2, SmsBudget.Segments(new string('€', 81)));

    [Fact]
    public void TheBudgetCountsWithTheSameRulesAsSmsSegments()
    {
        // An escape pair or a surrogate pair at a part boundary costs one more part than a division by 153 or 67 says.
        var escapeAtBoundary = new string('a', 152) + "€" + new string('a', 152);
        var pairAtBoundary = new string('ب', 66) + "😀" + new string('ب', 66);
        Assert.Equal(3, SmsBudget.Segments(escapeAtBoundary));
        Assert.Equal(3, SmsBudget.Segments(pairAtBoundary));
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

    [Fact]
    public void SplitsLongTextsAtLineBreaksIntoPartsWithinBudget()
    {
        var text = string.Join('\n', Enumerable.Range(1, 60).Select(i => $"{i}- محافظة رقم {i}"));
        var parts = SmsBudget.SplitByLines(text);
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(SmsBudget.Fits(p), p));
        Assert.Equal(text, string.Join('\n', parts));
    }

    [Fact]
    public void CutsASingleOverlongLineRatherThanDroppingIt()
    {
        var text = new string('ب', 500);
        var parts = SmsBudget.SplitByLines(text);
        Assert.All(parts, p => Assert.True(SmsBudget.Fits(p)));
        Assert.Equal(text, string.Concat(parts));
    }

    [Theory]
    [InlineData(Languages.Arabic)]
    [InlineData(Languages.English)]
    public void EverySmsPromptFitsThreeSegments(string language)
    {
        var texts = SmsPrompts.All(language);
        Assert.True(texts.Count > Texts.AllKeys.Count + 40);
        Assert.All(texts, t => Assert.True(SmsBudget.Fits(t), $"{SmsBudget.Segments(t)} segments: {t}"));
    }

    [Fact]
    public void EnglishPromptsStayInGsm7SoTheyGetTheLargerBudget()
    {
        // Only the Arabic name of the other language ("عربي") may appear in English texts.
        var english = Texts.AllKeys.Select(k => Texts.Get(k, Languages.English)).Where(t => !t.Contains("عربي"));
        Assert.All(english, t => Assert.True(SmsBudget.IsGsm7(t), t));
    }

    [Fact]
    public void EngineSplitsALongSummaryOnSmsIntoPartsWithinBudget()
    {
        var engine = new ConversationEngine(new EngineOptions());
        var now = DateTimeOffset.Parse("2026-11-29T08:00:00+02:00");
        var session = new Session
        {
            Flow = "signup", State = "Consent", ExpiresAt = now.AddDays(1),
            Answers =
            {
                ["name"] = string.Join(' ', Enumerable.Repeat("عبدالرحمن", 6)),
                ["governorate"] = "WAD", ["village"] = new string('ق', 60), ["phone"] = "+201012345678",
                ["age"] = "35-49", ["gender"] = "unspecified",
                ["interests"] = "hayah_karima,wai,daem,health,red_crescent,education", ["availability"] = "weekdays,weekends,evenings",
            },
        };
        var inbound = new Inbound("موافق", InboundKind.Text, "sms", ChannelTraits.Sms, "+201012345678");
        var result = engine.Step(new Contact { Id = 3 }, session, inbound, now);
        Assert.True(result.Replies.Count > 1);
        Assert.All(result.Replies, r => Assert.True(SmsBudget.Fits(r.Text), r.Text));
        Assert.Contains(result.Replies, r => r.Text.Contains(new string('ق', 60)));
    }
}

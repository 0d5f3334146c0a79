using OutreachBot.Flows.Content;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Tests.Support;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests.Content;

/// <summary>ShippedContentTests: every file in content/ is valid, and every question goes out by SMS, as the flow renders it, in at most 3 parts.</summary>
public sealed class ShippedContentTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T08:00:00+02:00");

    [Fact]
    public void EveryShippedFileIsValidWithFourQuizzesAndTwoPolls()
    {
        var result = ContentLoader.Load(ShippedContent.Files());
        Assert.True(result.Invalid.Count == 0, string.Join('\n', result.Invalid.SelectMany(f => f.Errors)));
        Assert.Equal(4, result.Loaded.Count(c => c.Kind == ContentKind.Quiz));
        Assert.Equal(2, result.Loaded.Count(c => c.Kind == ContentKind.Poll));
        Assert.All(result.Loaded.Where(c => c.Kind == ContentKind.Quiz).SelectMany(c => c.Questions), q => Assert.False(string.IsNullOrWhiteSpace(q.Source)));
    }

    public static TheoryData<string, string> EveryFileInBothLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ShippedContent.Catalog().Current)
            foreach (var lang in new[] { Languages.Arabic, Languages.English }) data.Add(c.Id, lang);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryFileInBothLanguages))]
    public void EveryQuestionWithItsOptionsFitsThreeSmsPartsAsTheFlowSendsIt(string id, string language)
    {
        var catalog = ShippedContent.Catalog();
        var content = catalog.Find(id)!;
        var engine = new ConversationEngine(new EngineOptions(), FlowRegistry.Standard(new FixedContent(catalog)));
        var contact = new Contact { Id = 5, Language = language };
        var flow = content.Kind == ContentKind.Quiz ? "quiz" : "poll";
        var step = engine.StartFlow(contact, new Session(), new FlowTrigger(flow, id, "sms", ChannelTraits.Sms), Now);
        foreach (var question in content.Questions)
        {
            var sent = step.Replies[^1].Text;
            var expected = question.Text.In(language) + "\n" + string.Join('\n', question.Labels(language).Select((l, i) => $"{i + 1}- {l}"));
            Assert.Equal(expected, sent); // whole: not cut into parts
            var count = SmsSegments.Count(sent);
            Assert.True(count.Segments <= SmsBudget.MaxSegments, $"{id} {question.Id} ({language}): {count.Segments} parts, {count.Units} units");
            step = engine.Step(step.Contact, step.Session, new Inbound("1", InboundKind.Text, "sms", ChannelTraits.Sms), Now);
        }
        Assert.Null(step.Session.Flow);
        Assert.NotNull(Assert.Single(step.Attempts).FinishedAt);
        Assert.All(step.Replies, r => Assert.True(SmsBudget.Fits(r.Text), r.Text));
    }
}

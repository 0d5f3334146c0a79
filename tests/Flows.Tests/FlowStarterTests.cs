using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>FlowStarterTests: the service-side entry point starts a registered flow with its argument, and refuses a name nobody registered.</summary>
public sealed class FlowStarterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T08:00:00Z");
    private readonly IFlowStarter starter = new ConversationEngine(new EngineOptions(), TestFlows.Registry(["signup", "poll"]));

    [Fact]
    public void StartsTheFlowAndAsksItsFirstQuestion()
    {
        var contact = new Contact { Id = 3, Language = Languages.English, LastSeenAt = Now.AddDays(-1) };
        var result = starter.StartFlow(contact, new Session { ContactId = 3 }, new FlowTrigger("poll", "campaign_1", "telegram", ChannelTraits.Telegram), Now);

        Assert.Equal("poll", result.Session.Flow);
        Assert.Equal("campaign_1", result.Session.Answers["args"]);
        Assert.Equal(Now + new EngineOptions().SessionIdleTimeout, result.Session.ExpiresAt);
        Assert.Equal("poll: which activity would you join?", Assert.Single(result.Replies).Text);
        Assert.Equal(Now.AddDays(-1), result.Contact.LastSeenAt);
    }

    [Fact]
    public void AnUnknownFlowIsTheCallersMistake() =>
        Assert.Throws<ArgumentException>(() => starter.StartFlow(new Contact(), new Session(), new FlowTrigger("quiz", null, "sms", ChannelTraits.Sms), Now));
}

using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>DeepLinkTests: the /start payload grammar: flow parts start a flow with an argument, everything else is the referral source.</summary>
public sealed class DeepLinkTests
{
    private readonly FlowRegistry registry = TestFlows.Registry(["signup", "poll"]);

    [Theory]
    [InlineData("src_minya_fair", null, null, "src_minya_fair")]
    [InlineData("other", null, null, "other")]
    [InlineData("fair-2026", null, null, "fair-2026")]
    [InlineData("poll", "poll", null, null)]
    [InlineData("poll_digital_safety", "poll", "digital_safety", null)]
    [InlineData("poll_digital_safety-src_minya_fair", "poll", "digital_safety", "src_minya_fair")]
    [InlineData("src_minya_fair-join", "signup", null, "src_minya_fair")]
    [InlineData("src_poll", null, null, "src_poll")]
    [InlineData("polling", null, null, "polling")]
    [InlineData("poll_", null, null, "poll_")]
    [InlineData("poll-join", "poll", null, "join")]
    public void ReadsFlowArgumentAndReferralSource(string payload, string? flow, string? args, string? source)
    {
        var start = DeepLink.Read(payload, registry);

        Assert.Equal(flow, start.Flow?.Name);
        Assert.Equal(args, start.Args);
        Assert.Equal(source, start.ReferralSource);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void NoPayloadIsNothing(string? payload) => Assert.Equal(new DeepLinkStart(null, null, null), DeepLink.Read(payload, registry));
}

using OutreachBot.CrashCampaign.Run;
using Xunit.Abstractions;

namespace OutreachBot.CrashCampaign.Tests;

/// <summary>ShortCampaignTests: the crash campaign in small: the real service as a child process, SIGKILLed under load and restarted on the same file.</summary>
public sealed class ShortCampaignTests(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task ServiceKilledThreeTimesUnderSignUpsAndFaultyBulkSendsLosesNothingAndAppliesNoStepTwice()
    {
        var options = new CampaignOptions
        {
            Kills = 3,
            Concurrency = 8,
            InboundRate = 150,
            Chats = 100,
            BatchSize = 25,
            Faults = 0.2,
            MinUp = TimeSpan.FromMilliseconds(300),
            MaxUp = TimeSpan.FromMilliseconds(1500),
            StartKills = 0.25,
        };
        var report = new StringWriter();

        var result = await new Campaign(options, report).RunAsync();

        output.WriteLine(report.ToString());
        Assert.True(result.Passed, "failed checks: " + string.Join("; ", result.Failed) + "\n" + report);
        Assert.Equal(3, result.Kills);
        Assert.True(result.Acknowledged >= 12, $"only {result.Acknowledged} messages were acknowledged: the campaign drove almost nothing");
    }
}

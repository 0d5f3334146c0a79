using Xunit.Abstractions;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>HostileCaseCountTests: the hostile tables cover every public endpoint with at least 300 cases, each named once in its table.</summary>
public sealed class HostileCaseCountTests(ITestOutputHelper output)
{
    [Fact]
    public void TheTablesHoldAtLeast300UniquelyNamedCasesOverEveryPublicEndpoint()
    {
        var tables = new Dictionary<string, List<HostileCase>>
        {
            ["simulator, /metrics, /healthz"] = [.. SimulatorHostileCases.All()],
            ["Telegram webhook"] = [.. TelegramHostileCases.All()],
            ["Twilio SMS, WhatsApp and status webhooks"] = [.. TwilioHostileCases.All()],
        };
        foreach (var (name, cases) in tables) output.WriteLine($"{name}: {cases.Count} cases");
        var all = tables.Values.SelectMany(c => c).ToList();
        output.WriteLine($"total: {all.Count} hostile cases");

        Assert.True(all.Count >= 300, $"only {all.Count} hostile cases");
        Assert.All(tables.Values, cases => Assert.Empty(cases.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key)));
        var paths = all.Select(c => c.Build().RequestUri!.OriginalString.Split('?')[0]).ToHashSet();
        string[] endpoints = ["/api/simulator/messages", "/api/simulator/messages/alice", "/metrics", "/healthz", "/webhooks/telegram",
            "/webhooks/twilio/sms", "/webhooks/twilio/whatsapp", "/webhooks/twilio/status"];
        Assert.All(endpoints, e => Assert.Contains(e, paths));
        Assert.All(all, c => Assert.DoesNotContain(c.Allowed, s => (int)s >= 500));
    }
}

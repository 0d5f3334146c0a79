using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Engine;
using OutreachBot.Storage;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>RetentionPrunerHostTests: in the real host, once time passes Storage:Retention and the pruner's interval, old messages go.</summary>
public sealed class RetentionPrunerHostTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
    private readonly BotHostFactory _host;
    private readonly HttpClient _client;

    public RetentionPrunerHostTests()
    {
        _host = new BotHostFactory(_folder.File("retention.db"))
        {
            Time = _time,
            ConfigureServices = s => s.AddSingleton<IConversationEngine, ScriptedEngine>(),
        };
        _host.Settings["Storage:Retention"] = "7.00:00:00";
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
        _folder.Dispose();
    }

    private StorageWriter Storage => _host.Services.GetRequiredService<StorageWriter>();

    private async Task SendAsync(string text)
    {
        using var response = await _client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The reply must have left, or its text is kept whatever its age.
        await Eventually.TrueAsync(async () => await Storage.ReadAsync(s => s.Outbox.FindAll().All(m => RetentionRepository.IsSettled(m.Status))), "replies sent");
    }

    private Task<List<string>> InboundTextsAsync() => Storage.ReadAsync(s => s.Inbound.FindAll().Select(e => e.Text).Order(StringComparer.Ordinal).ToList());

    private Task<List<string>> OutboxTextsAsync() => Storage.ReadAsync(s => s.Outbox.FindAll().OrderBy(m => m.Id).Select(m => m.Text).ToList());

    [Fact]
    public async Task PassingTheRetentionAndTheIntervalPrunesOnlyWhatIsOlder()
    {
        await SendAsync("old");
        _time.Advance(TimeSpan.FromDays(2));
        await SendAsync("recent");
        Assert.Equal(["old", "recent"], await InboundTextsAsync());

        // "old" is now the retention and one interval old: the pruner's next tick removes it; "recent" is 5 days old.
        _time.Advance(Retention - TimeSpan.FromDays(2) + RetentionPruner.Interval);

        await Eventually.TrueAsync(async () => (await InboundTextsAsync()).SequenceEqual(["recent"]), "the old message pruned");
        await Eventually.TrueAsync(async () => (await OutboxTextsAsync()).SequenceEqual(["", "echo: recent"]), "the old reply's text blanked");
    }
}

using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Engine;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>PossibleDuplicatesRestartTests: /metrics counts possible duplicates from the data file, so the count survives restarts.</summary>
public sealed class PossibleDuplicatesRestartTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    /// <summary>LoseOutcome makes the settle write of every send fail, as a full disk would: the claim stays, its lease runs.</summary>
    private sealed class LoseOutcome : IDeliveryCrashHook
    {
        private int _lost;
        public int Lost => Volatile.Read(ref _lost);

        public Task AfterSendAsync(OutboxMessage message, SendResult result, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lost);
            throw new InvalidOperationException("the outcome is lost");
        }
    }

    private BotHostFactory Host(string path, IDeliveryCrashHook? hook = null) => new(path)
    {
        Time = _time,
        ConfigureServices = s =>
        {
            s.AddSingleton<IConversationEngine, ScriptedEngine>();
            if (hook is not null) s.AddSingleton(hook);
        },
    };

    /// <summary>ShowsDuplicatesAsync waits for /metrics to report <paramref name="count"/> possible duplicates (the count is loaded as delivery starts).</summary>
    private static async Task ShowsDuplicatesAsync(BotHostFactory host, int count)
    {
        using var client = host.CreateClient();
        var line = $"outbox_possible_duplicates_total {count}\n";
        await Eventually.TrueAsync(async () => (await client.GetStringAsync("/metrics")).Contains(line), "/metrics showing " + line.Trim());
    }

    [Fact]
    public async Task ThePossibleDuplicatesCountOutlivesEachRestart()
    {
        var path = _folder.File("dupes.db");
        var hook = new LoseOutcome();
        await using (var first = Host(path, hook))
        {
            using var client = first.CreateClient();
            (await client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "hi" })).EnsureSuccessStatusCode();
            var storage = first.Services.GetRequiredService<StorageWriter>();
            await Eventually.TrueAsync(() => hook.Lost == 1, "the reply's outcome lost");
            Assert.Equal(OutboxStatus.Sending, (await storage.ReadAsync(s => s.Outbox.FindAll().Single())).Status);
        }

        await using (var second = Host(path))
        {
            // Recovered at start: it may have reached the simulator already.
            await ShowsDuplicatesAsync(second, 1);
            var storage = second.Services.GetRequiredService<StorageWriter>();
            _time.Advance(TimeSpan.FromMinutes(2));
            await Eventually.TrueAsync(async () => (await storage.ReadAsync(s => s.Outbox.FindAll().Single())).Status == OutboxStatus.Sent, "the reply sent again");
        }

        await using var third = Host(path);
        await ShowsDuplicatesAsync(third, 1);
        var row = await third.Services.GetRequiredService<StorageWriter>().ReadAsync(s => s.Outbox.FindAll().Single());
        Assert.Equal((OutboxStatus.Sent, 1, 1), (row.Status, row.Recoveries, row.Attempts));
    }
}

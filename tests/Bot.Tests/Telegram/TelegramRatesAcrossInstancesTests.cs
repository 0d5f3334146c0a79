using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Flows.Engine;
using OutreachBot.Storage.Documents;
using Xunit.Abstractions;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>Telegram's limits are per bot, not per instance: measured at the provider with three instances on one PostgreSQL database, also across a hand-over of delivery.</summary>
/// <remarks>
/// Telegram runs in webhook mode, so updates reach whichever instance the test posts them to and each stores its
/// reply in the shared outbox; every instance calls the fake on a port of its own, so the fake knows who sent.
/// </remarks>
public sealed class TelegramRatesAcrossInstancesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Instances = 3;

    // Calls leave on the bot's schedule but reach the fake after an HTTP round through a loaded, shared machine
    // running three hosts: 100 ms covers that lag. A broken limit overshoots by far more: three dispatchers send
    // three times the rate, and a dispatcher without the per-chat limit sends to one chat Rate times a second.
    private static readonly TimeSpan ArrivalSlack = TimeSpan.FromMilliseconds(100);

    private readonly TempFolder _folder = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly List<BotHostFactory> _hosts = [];
    private readonly HashSet<int> _stopped = [];
    private FakeTelegramServer _fake = null!;
    private Dictionary<string, string?> _settings = [];
    private ChannelRateOptions _rates = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramServer.StartAsync(addresses: Instances);
        _settings = await StoreHosts.SettingsAsync(StoreKind.PostgreSql);
        foreach (var (key, value) in TelegramTestHost.Settings(_fake, mode: "Webhook")) _settings[key] = value;
        // Lowered from 30/s so a backlog lasting seconds is ~90 messages; the checks read the values back. A burst of
        // 1.5 s worth makes a fresh burst right after a hand-over stand out even when the next instance's first call is
        // slow (it sets up its connection to the provider then).
        _settings["Delivery:Channels:telegram:Rate"] = "10";
        _settings["Delivery:Channels:telegram:Burst"] = "15";
        _settings["Delivery:Channels:telegram:PerRecipientRate"] = "1";
        // A claim the stopped instance left without an outcome lapses, and is sent again, within the test.
        _settings["Delivery:SendTimeout"] = "00:00:02";
        _settings["Delivery:LeaseTime"] = "00:00:03";
    }

    /// <summary>StartInstancesAsync starts the three instances and waits until one delivers and the others stand by.</summary>
    /// <param name="eagerStandby">Standby instances ask for the delivery role every few milliseconds, so one follows the moment the holder stops.</param>
    private async Task StartInstancesAsync(bool eagerStandby = false)
    {
        for (var i = 0; i < Instances; i++)
        {
            var host = new BotHostFactory(_folder.File($"unused-{i}.db"))
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConversationEngine, ScriptedEngine>();
                    if (eagerStandby) EagerStandbyRoles.Install(services, DeliveryWorker.Role);
                },
                LogSink = _logs,
            };
            foreach (var (key, value) in _settings) host.Settings[key] = value;
            host.Settings["Telegram:ApiBaseUrl"] = _fake.BaseUrls[i];
            _ = host.Services;
            _hosts.Add(host);
        }
        _rates = _hosts[0].Services.GetRequiredService<IOptions<DeliveryOptions>>().Value.RatesFor("telegram");
        Assert.True(_rates.PerRecipientRate > 0);
        await Eventually.TrueAsync(() => Delivering().Count == 1 && Standing().Count == Instances - 1, "one instance delivering, the others standing by");
        if (eagerStandby)
            await Eventually.TrueAsync(() => Standing().All(i => _hosts[i].Services.GetRequiredService<EagerStandbyRoles>().Asking), "the standby instances asking for the role without pause");
    }

    public async Task DisposeAsync()
    {
        foreach (var (host, i) in _hosts.Select((h, i) => (h, i)).Where(p => !_stopped.Contains(p.i))) await host.DisposeAsync();
        _fake.AssertNoUnexpectedRequests();
        await _fake.DisposeAsync();
        _folder.Dispose();
    }

    private List<int> Delivering() => Running().Where(i => Health(i) is { Running: true, Standby: false }).ToList();

    private List<int> Standing() => Running().Where(i => Health(i).Standby).ToList();

    private IEnumerable<int> Running() => Enumerable.Range(0, Instances).Where(i => !_stopped.Contains(i));

    private DeliveryHealth Health(int instance) => _hosts[instance].Services.GetRequiredService<DeliveryHealth>();

    /// <summary>Workload: texts to a few busy chats (several each, interleaved) and to many chats once each; text is unique.</summary>
    private static List<(long Chat, string Text)> Workload(int busyChats, int perBusyChat, int singleChats)
    {
        var work = new List<(long, string)>();
        for (var round = 0; round < perBusyChat; round++)
            for (var chat = 0; chat < busyChats; chat++) work.Add((700_000_000 + chat, $"busy {chat} #{round}"));
        for (var chat = 0; chat < singleChats; chat++) work.Add((800_000_000 + chat, $"single {chat}"));
        return work;
    }

    /// <summary>PostAllAsync posts each text as a webhook update, round robin over the three instances, all at once.</summary>
    private async Task PostAllAsync(List<(long Chat, string Text)> work)
    {
        var clients = Enumerable.Range(0, Instances).Select(i => _hosts[i].CreateClient()).ToList();
        var answers = await Task.WhenAll(work.Select(async (w, n) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path)
            {
                Content = new StringContent(RecordedUpdates.TextInChat(10_000 + n, w.Chat, w.Text), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, _settings["Telegram:WebhookSecret"]);
            return await clients[n % Instances].SendAsync(request);
        }));
        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode, ((int)a.StatusCode).ToString()));
    }

    private IReadOnlyList<RecordedRequest> Sends() => _fake.RequestsTo("sendMessage");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_settings["ConnectionStrings:Outreach"]);
        await connection.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync());
    }

    /// <summary>RecoveriesAsync: each reply's text with how often its claim lapsed and was sent again (each time a possible duplicate).</summary>
    private async Task<Dictionary<string, int>> RecoveriesAsync()
    {
        await using var connection = new NpgsqlConnection(_settings["ConnectionStrings:Outreach"]);
        await connection.OpenAsync();
        await using var reader = await new NpgsqlCommand("SELECT text, recoveries FROM outbox", connection).ExecuteReaderAsync();
        var recoveries = new Dictionary<string, int>();
        while (await reader.ReadAsync()) recoveries[reader.GetString(0)] = reader.GetInt32(1);
        return recoveries;
    }

    /// <summary>WaitAsync: like Eventually, with room for a backlog that takes seconds at the lowered rate.</summary>
    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan atMost, string what)
    {
        var deadline = DateTime.UtcNow + atMost;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Never became true: " + what);
            await Task.Delay(50);
        }
    }

    /// <summary>WaitAllSettledAsync waits until every reply is stored as sent, so no call of it is still to come.</summary>
    private Task WaitAllSettledAsync(int replies) => WaitAsync(async () =>
        await ScalarAsync($"SELECT count(*) FROM outbox WHERE status = {(int)OutboxStatus.Sent}") == replies, TimeSpan.FromSeconds(20), $"{replies} replies sent");

    /// <summary>AssertRatesHold: at the provider, one chat never gets two messages within a second, and the bot never more than Burst + Rate × W in W seconds.</summary>
    private void AssertRatesHold(IReadOnlyList<RecordedRequest> sends)
    {
        var closest = ProviderRates.ClosestInOneChat(sends);
        var window = ProviderRates.WorstWindow(sends, _rates.Rate, _rates.Burst, ArrivalSlack);
        output.WriteLine($"{sends.Count} sends; closest in one chat: {closest?.Gap.TotalMilliseconds:0} ms; worst window: {window.Count} in {window.Length.TotalMilliseconds:0} ms, excess {window.Excess:0.00}");
        Assert.NotNull(closest);
        foreach (var send in sends.Where(r => r.Body["chat_id"]!.ToString() == closest.Value.Chat.ToString()))
            output.WriteLine($"  chat {closest.Value.Chat}: {send.Arrival.TotalMilliseconds:0} ms on address {send.Address}: {send.Body["text"]}");
        // The bot spaces one chat's calls 1.05 s apart when each call leaves; 1 s minus the arrival slack at the provider.
        var minimum = TimeSpan.FromSeconds(1 / _rates.PerRecipientRate) - ArrivalSlack;
        Assert.True(closest.Value.Gap >= minimum,
            $"chat {closest.Value.Chat} got two messages {closest.Value.Gap.TotalMilliseconds:0} ms apart at {closest.Value.From}; the limit allows one per {1 / _rates.PerRecipientRate:0.##} s");
        Assert.True(window.Excess <= 0,
            $"{window.Count} messages within {window.Length.TotalMilliseconds:0} ms from {window.From}: {window.Excess:0.00} over a burst of {_rates.Burst} plus {_rates.Rate}/s");
    }

    /// <summary>AssertEachSent: every reply reached the provider, and more than once only if its claim was recovered (a possible duplicate, counted in storage).</summary>
    private async Task AssertEachSent(IReadOnlyList<RecordedRequest> sends, List<(long Chat, string Text)> work)
    {
        var recoveries = await RecoveriesAsync();
        var sentTimes = sends.GroupBy(s => s.Body["text"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(work.Select(w => "echo: " + w.Text).Order(), sentTimes.Keys.Order());
        Assert.All(sentTimes, sent => Assert.True(sent.Value <= 1 + recoveries[sent.Key],
            $"'{sent.Key}' sent {sent.Value} times; its claim was recovered {recoveries[sent.Key]} times"));
    }

    [Fact]
    public async Task ABacklogStoredThroughThreeInstancesReachesTelegramWithinTheBotWideAndPerChatRatesEachReplyOnce()
    {
        await StartInstancesAsync();
        var work = Workload(busyChats: 4, perBusyChat: 6, singleChats: 66);

        await PostAllAsync(work);
        await WaitAllSettledAsync(work.Count);

        var sends = Sends();
        AssertRatesHold(sends);
        await AssertEachSent(sends, work);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM outbox WHERE recoveries <> 0"));
        Assert.Equal(work.Count, sends.Count);
        // Stored through all three (round robin), sent by one.
        Assert.Equal(work.Count, await ScalarAsync("SELECT count(*) FROM inbound"));
        Assert.Single(sends.Select(s => s.Address).Distinct());
    }

    /// <summary>HandOver: the stopped instance and the next, the replies each sent, and how long after its last the first of those came.</summary>
    private sealed record HandOver(int Stopped, int Next, List<RecordedRequest> Before, List<RecordedRequest> After, TimeSpan Gap);

    /// <summary>StopTheDelivererMidBacklogAsync queues <paramref name="work"/>, stops the delivering instance once 20 replies went out, and waits until every reply is sent.</summary>
    private async Task<HandOver> StopTheDelivererMidBacklogAsync(List<(long Chat, string Text)> work)
    {
        await PostAllAsync(work);
        await WaitAsync(() => Task.FromResult(Sends().Count >= 20), TimeSpan.FromSeconds(10), "20 replies sent before the stop");

        var leader = Assert.Single(Delivering());
        _stopped.Add(leader);
        var stopping = _fake.Elapsed;
        await _hosts[leader].DisposeAsync();
        var stopped = _fake.Elapsed;
        await WaitAllSettledAsync(work.Count);

        var sends = Sends();
        var before = sends.Where(s => s.Address == leader).ToList();
        var after = sends.Where(s => s.Address != leader).ToList();
        Assert.True(before.Count < work.Count, "the stopped instance had sent everything before it stopped");
        Assert.NotEmpty(after);
        var gap = after.Min(s => s.Arrival) - before.Max(s => s.Arrival);
        output.WriteLine($"stop from {stopping} to {stopped}; last of the stopped instance at {before.Max(s => s.Arrival)}, first of the next at {after.Min(s => s.Arrival)}");
        output.WriteLine($"instance {leader} sent {before.Count}, then after {gap.TotalMilliseconds:0} ms instance(s) {string.Join(",", after.Select(s => s.Address).Distinct())} sent {after.Count}");
        var next = Assert.Single(after.Select(s => s.Address).Distinct());
        return new HandOver(leader, next, before, after, gap);
    }

    [Fact]
    public async Task WhenTheDeliveringInstanceStopsMidBacklogAnotherTakesOverWithinSecondsSendsEveryReplyAndTheRatesHoldAcrossTheHandOver()
    {
        await StartInstancesAsync();
        var work = Workload(busyChats: 4, perBusyChat: 6, singleChats: 46);

        var handOver = await StopTheDelivererMidBacklogAsync(work);

        // A standby instance asks for the role every RetryInterval; then it recovers, loads the queue and starts its
        // buckets empty (the stopped one may have just sent), so its first call waits 1/Rate, or a chat's 1/PerRecipientRate.
        var bound = ExclusiveRun.RetryInterval + TimeSpan.FromSeconds(1 / _rates.PerRecipientRate) + TimeSpan.FromSeconds(2);
        Assert.True(handOver.Gap < bound, $"hand-over took {handOver.Gap.TotalMilliseconds:0} ms");
        AssertRatesHold(Sends());
        await AssertEachSent(Sends(), work);
    }

    [Fact]
    public async Task WhenAStandbyTakesOverTheMomentTheDelivererStopsTheRatesStillHoldAcrossTheHandOver()
    {
        await StartInstancesAsync(eagerStandby: true);
        var work = Workload(busyChats: 4, perBusyChat: 6, singleChats: 46);

        var handOver = await StopTheDelivererMidBacklogAsync(work);

        // The worst case: the provider's bucket spent and chats just written to, and the next dispatcher right after.
        var tookOver = _hosts[handOver.Next].Services.GetRequiredService<EagerStandbyRoles>().TookOverAt;
        Assert.NotNull(tookOver);
        var roleGap = _fake.ElapsedAt(tookOver.Value) - handOver.Before.Max(s => s.Arrival);
        output.WriteLine($"role taken over {roleGap.TotalMilliseconds:0} ms after the stopped instance's last call");
        Assert.True(roleGap < TimeSpan.FromSeconds(0.5), $"the role was taken over only {roleGap.TotalMilliseconds:0} ms after the last call");
        AssertRatesHold(Sends());
        await AssertEachSent(Sends(), work);
    }
}

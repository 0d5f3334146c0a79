using Microsoft.Extensions.Options;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramPollingTests: the getUpdates loop against the fake Bot API: order, durable offsets, restarts, poison, throttling, failures.</summary>
public sealed class TelegramPollingTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly TimerWatch _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly CollectingLoggerProvider _logs = new();
    private FakeTelegramServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        _fake.AssertNoUnexpectedRequests();
        await _fake.DisposeAsync();
        _data.Dispose();
    }

    private Task<TelegramTestHost> StartHostAsync() =>
        TelegramTestHost.StartAsync(TelegramTestHost.Settings(_fake), _data.Path, _time, _logs);

    private static int? Offset(RecordedRequest r) => r.Body["offset"]?.GetValue<int>();

    [Fact]
    public async Task UpdatesReachThePipelineInOrderAndTheOffsetIsStoredAfterEach()
    {
        _fake.EnqueueUpdate(RecordedUpdates.Text(100, "أهلا"));
        _fake.EnqueueUpdate(RecordedUpdates.Text(101, "منى"));
        _fake.EnqueueUpdate(RecordedUpdates.Text(102, "المنيا"));
        await using var host = await StartHostAsync();

        await host.Pipeline.WaitForAsync(3);
        await _fake.WaitUntilAsync(rs => rs.Any(r => r.Method == "getUpdates" && Offset(r) == 103), "getUpdates with offset 103");

        Assert.Equal(["أهلا", "منى", "المنيا"], host.Pipeline.Handled.Select(m => m.Text));
        Assert.Equal(["555000111:100", "555000111:101", "555000111:102"], host.Pipeline.Handled.Select(m => m.ProviderId));
        Assert.Equal("103", await host.OffsetAsync());
        var first = _fake.RequestsTo("getUpdates")[0].Body;
        Assert.Null(first["offset"]);
        Assert.Equal(["message", "callback_query"], first["allowed_updates"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task RestartResumesFromTheStoredOffsetWithoutLosingOrRepeatingUpdates()
    {
        _fake.EnqueueUpdate(RecordedUpdates.Text(200, "واحد"));
        _fake.EnqueueUpdate(RecordedUpdates.Text(201, "اتنين"));
        await using (var first = await StartHostAsync())
        {
            await first.Pipeline.WaitForAsync(2);
            await Eventually.TrueAsync(async () => await first.OffsetAsync() == "202", "offset 202 stored");
        }
        var callsBeforeRestart = _fake.Requests.Count;
        _fake.EnqueueUpdate(RecordedUpdates.Text(202, "تلاتة"));

        await using var second = await StartHostAsync();
        await second.Pipeline.WaitForAsync(1);

        Assert.Equal(202, Offset(_fake.Requests.Skip(callsBeforeRestart).First(r => r.Method == "getUpdates")));
        Assert.Equal(["تلاتة"], second.Pipeline.Handled.Select(m => m.Text));
        Assert.Equal(0, second.Pipeline.Duplicates);
        Assert.Equal(3, await second.Pipeline.StoredCountAsync());
    }

    [Fact]
    public async Task PoisonUpdatesAreLoggedAndSkippedWithoutBlockingTheNextOne()
    {
        _fake.EnqueueUpdate(RecordedUpdates.UnknownType(300));
        _fake.EnqueueUpdate(RecordedUpdates.Unparseable(301));
        _fake.EnqueueUpdate(RecordedUpdates.MissingChat(302));
        _fake.EnqueueUpdate(RecordedUpdates.Edited(303));
        _fake.EnqueueUpdate(RecordedUpdates.Text(304, "لسه هنا"));
        await using var host = await StartHostAsync();

        await host.Pipeline.WaitForAsync(1);
        await _fake.WaitUntilAsync(rs => rs.Any(r => r.Method == "getUpdates" && Offset(r) == 305), "getUpdates with offset 305");

        Assert.Equal(["555000111:304"], host.Pipeline.Handled.Select(m => m.ProviderId));
        Assert.Equal(3, _logs.Lines.Count(l => l.Contains("Skipping Telegram update 30")));
    }

    [Fact]
    public async Task AnUpdateWithoutAnIdCannotBeConfirmedSoThePollerBacksOffInsteadOfSpinning()
    {
        _fake.EnqueueUpdate("""{"message":{"message_id":1,"text":"no id"}}""");
        await using var host = await StartHostAsync();

        var backoff = await _time.NextAsync(TimeSpan.FromSeconds(1));
        Assert.Single(_fake.RequestsTo("getUpdates"));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(backoff.Fired);
        await _fake.WaitUntilAsync(rs => rs.Count(r => r.Method == "getUpdates") == 2, "getUpdates after the backoff");
        Assert.Empty(host.Pipeline.Handled);
    }

    [Fact]
    public async Task ThrottledGetUpdatesWaitsRetryAfterOnTheClock()
    {
        _fake.Script("getUpdates", 429,
            """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 30","parameters":{"retry_after":30}}""");
        _fake.EnqueueUpdate(RecordedUpdates.Text(400, "بعد الانتظار"));
        await using var host = await StartHostAsync();
        var wait = await _time.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("getUpdates throttled", _logs.AllText);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(wait.Fired);
        Assert.Single(_fake.RequestsTo("getUpdates"));

        _time.Advance(TimeSpan.FromSeconds(1));
        await host.Pipeline.WaitForAsync(1);
        Assert.Equal("بعد الانتظار", host.Pipeline.Handled[0].Text);
    }

    [Fact]
    public async Task AFailedStoreKeepsTheOffsetAndRetriesTheSameUpdate()
    {
        await using var host = await StartHostAsync();
        host.Pipeline.FailNext(1);
        _fake.EnqueueUpdate(RecordedUpdates.Text(500, "مهم"));

        await _time.NextAsync(TimeSpan.FromSeconds(1));
        Assert.Contains("Storing Telegram update 500 failed", _logs.AllText);
        Assert.Null(await host.OffsetAsync());
        Assert.Empty(host.Pipeline.Handled);

        _time.Advance(TimeSpan.FromSeconds(1));
        await host.Pipeline.WaitForAsync(1);
        await Eventually.TrueAsync(async () => await host.OffsetAsync() == "501", "offset 501 stored");
        Assert.Equal("مهم", Assert.Single(host.Pipeline.Handled).Text);
    }

    [Fact]
    public async Task RepeatedStoreFailuresNeverSkipTheUpdateAndEachIsLoggedAsAnErrorWithItsCount()
    {
        // More failures than the poller once allowed before skipping: a disk full for minutes must lose no update.
        const int failures = 8;
        await using var host = await StartHostAsync();
        host.Pipeline.FailNext(failures);
        _fake.EnqueueUpdate(RecordedUpdates.Text(900, "ما زلت هنا"));

        for (var attempt = 1; attempt <= failures; attempt++)
        {
            var backoff = TelegramPoller.Backoff(attempt);
            await _time.NextAsync(backoff);
            Assert.Null(await host.OffsetAsync());
            _time.Advance(backoff);
        }

        await host.Pipeline.WaitForAsync(1);
        await Eventually.TrueAsync(async () => await host.OffsetAsync() == "901", "offset 901 stored");
        Assert.Equal("ما زلت هنا", Assert.Single(host.Pipeline.Handled).Text);
        var errors = _logs.Lines.Where(l => l.StartsWith("Error") && l.Contains("Storing Telegram update 900 failed")).ToList();
        Assert.Equal(failures, errors.Count);
        Assert.Contains(errors, l => l.Contains($"attempt {failures}"));
        Assert.Equal(60, TelegramPoller.Backoff(failures).TotalSeconds); // capped
    }

    [Fact]
    public async Task CallbackQueriesAreAnsweredAfterTheyAreStored()
    {
        _fake.EnqueueUpdate(RecordedUpdates.Callback(600, "MN"));
        await using var host = await StartHostAsync();

        await _fake.WaitUntilAsync(rs => rs.Any(r => r.Method == "answerCallbackQuery"), "answerCallbackQuery");

        Assert.Equal("MN", Assert.Single(host.Pipeline.Handled).Text);
        Assert.Equal("2383719187316283712", _fake.RequestsTo("answerCallbackQuery")[0].Body["callback_query_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ALeftoverWebhookIsDeletedSoPollingCanStart()
    {
        _fake.Script("getUpdates", 409,
            """{"ok":false,"error_code":409,"description":"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}""");
        _fake.EnqueueUpdate(RecordedUpdates.Text(700, "تمام"));
        await using var host = await StartHostAsync();

        await _fake.WaitUntilAsync(rs => rs.Any(r => r.Method == "deleteWebhook"), "deleteWebhook");
        await Eventually.TrueAsync(() => { _time.Advance(TimeSpan.FromSeconds(1)); return host.Pipeline.Handled.Count == 1; }, "polling after the backoff");

        Assert.False(_fake.RequestsTo("deleteWebhook")[0].Body["drop_pending_updates"]?.GetValue<bool>() ?? false);
    }

    [Fact]
    public async Task WithoutATokenTheChannelIsOffAndTheServiceStillStarts()
    {
        var settings = TelegramTestHost.Settings(_fake);
        settings["Telegram:BotToken"] = "";
        await using var host = await TelegramTestHost.StartAsync(settings, _data.Path, _time, _logs);

        var response = await host.CreateClient().PostAsync(TelegramWebhookEndpoint.Path, new StringContent("{}"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task AMalformedTokenStopsStartUpWithAClearErrorThatDoesNotEchoIt()
    {
        var settings = TelegramTestHost.Settings(_fake);
        const string malformed = "123456:short-secret-part";
        settings["Telegram:BotToken"] = malformed;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TelegramTestHost.StartAsync(settings, _data.Path, _time, _logs));

        Assert.Contains("Telegram:BotToken is malformed", error.Message);
        Assert.DoesNotContain(malformed, error.Message);
        Assert.DoesNotContain(malformed, _logs.AllText);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Engine;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>InboundGateTests: with Inbound:MaxPending posts inside the pipeline, every further webhook answers 503 and stores nothing.</summary>
/// <remarks>
/// The held posts are simulator messages whose flow step waits for the test (ScriptedEngine.During); the refused ones
/// come from every channel, each signed or carrying its secret as the real provider does, so only the gate refuses them.
/// </remarks>
public sealed class InboundGateTests : IAsyncLifetime
{
    private const int MaxPending = 2;
    private const string TelegramSecret = "s3cret_Value-1-webhook";
    private readonly SemaphoreSlim _entered = new(0);
    private readonly ManualResetEventSlim _release = new();
    private FakeTelegramServer _telegram = null!;
    private TwilioTestHost _host = null!;
    private int _update = 100;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramServer.StartAsync();
        var engine = new ScriptedEngine
        {
            During = inbound =>
            {
                if (inbound.Text != "hold") return;
                _entered.Release();
                _release.Wait(TimeSpan.FromSeconds(30));
            },
        };
        _host = await TwilioTestHost.StartAsync(settings =>
        {
            foreach (var (key, value) in TelegramTestHost.Settings(_telegram, mode: "Webhook")) settings[key] = value;
            settings["Simulator:Enabled"] = "true";
            settings["Inbound:MaxPending"] = MaxPending.ToString();
        }, services => services.AddSingleton<IConversationEngine>(engine), delivery: true);
    }

    public async Task DisposeAsync()
    {
        _release.Set();
        await _host.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    private Task<HttpResponseMessage> SimulatorAsync(string from, string text) =>
        _host.Client.PostAsJsonAsync("/api/simulator/messages", new { from, text });

    private Task<HttpResponseMessage> TelegramAsync(string text)
    {
        var update = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = new StringContent(RecordedUpdates.Text(Interlocked.Increment(ref _update), text), Encoding.UTF8, "application/json"),
        };
        update.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramSecret);
        return _host.Client.SendAsync(update);
    }

    /// <summary>EveryChannelAsync posts one message on each public inbound endpoint.</summary>
    private async Task<Dictionary<string, HttpResponseMessage>> EveryChannelAsync(string text) => new()
    {
        ["simulator"] = await SimulatorAsync("bob", text),
        ["sms"] = await _host.SmsAsync("+201001234567", text),
        ["whatsapp"] = await _host.PostAsync("/webhooks/twilio/whatsapp", _host.InboundForm("+201009876543", text, whatsApp: true)),
        ["telegram"] = await TelegramAsync(text),
    };

    private Task<(int Inbound, int Outbox, int Contacts, int Sessions)> StoredAsync() =>
        _host.Storage.ReadAsync(s => (s.Inbound.Count(), s.Outbox.Count(), s.Contacts.Count(), s.Sessions.Count()));

    [Fact]
    public async Task WhileMaxPendingPostsAreHeldEveryWebhookAnswers503AndStoresNothingThenAcceptsAfterRelease()
    {
        await Eventually.TrueAsync(async () => (await _host.Client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "healthz ok");
        var held = Enumerable.Range(0, MaxPending).Select(i => SimulatorAsync("held" + i, "hold")).ToList();
        for (var i = 0; i < MaxPending; i++) Assert.True(await _entered.WaitAsync(TimeSpan.FromSeconds(10)), "a held post reached the flow");
        var before = await StoredAsync();

        var refused = await EveryChannelAsync("while full");

        foreach (var (channel, response) in refused)
        {
            Assert.True(HttpStatusCode.ServiceUnavailable == response.StatusCode, $"{channel}: {(int)response.StatusCode}");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{channel}: Retry-After {response.Headers.RetryAfter}");
        }
        Assert.Equal(before, await StoredAsync());
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/metrics")).StatusCode);
        Assert.All(held, h => Assert.False(h.IsCompleted));

        _release.Set();
        foreach (var response in await Task.WhenAll(held)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accepted = await EveryChannelAsync("after release");

        foreach (var (channel, response) in accepted) Assert.True(HttpStatusCode.OK == response.StatusCode, $"{channel}: {(int)response.StatusCode}");
        var texts = await _host.Storage.ReadAsync(s => s.Inbound.FindAll().Select(e => (e.Channel, e.Text)).ToList());
        Assert.Equal(MaxPending, texts.Count(t => t.Text == "hold"));
        Assert.Equal(["sim", "sms", "telegram", "whatsapp"], texts.Where(t => t.Text == "after release").Select(t => t.Channel).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(texts, t => t.Text == "while full");
    }
}

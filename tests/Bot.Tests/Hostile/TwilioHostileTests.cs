using System.Net;
using OutreachBot.Bot.Tests.Twilio.Fake;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;
using static OutreachBot.Bot.Tests.Hostile.TwilioForms;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TwilioHostileTests: the SMS, WhatsApp and status webhooks of the real host under a table of hostile requests.</summary>
public sealed class TwilioHostileTests : IAsyncLifetime
{
    private TwilioTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TwilioTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<int> StoredAsync() => (await _host.InboundAsync()).Count;

    [Fact]
    public async Task EveryHostileWebhookGetsItsExpectedAnswerStoresOnlyWhatItShouldAndTheHostStillServes()
    {
        var cases = TwilioHostileCases.All().ToList();

        var failures = await HostileRun.SendAllAsync(_host.Client, cases, _host.Storage);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(cases.Sum(c => c.Stores), await StoredAsync());
        Assert.Equal(HttpStatusCode.OK, (await _host.SmsAsync("+201001234567", "انضم")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(WhatsApp, _host.InboundForm("+201001234567", "انضم", whatsApp: true))).StatusCode);
    }

    [Fact]
    public async Task AReplayedWebhookIsAnsweredOkAndHandledOnce()
    {
        var form = _host.InboundForm("+201001234567", "انضم");

        var first = await _host.PostAsync(Sms, form);
        var handled = await HandledAsync();
        var replay = await _host.PostAsync(Sms, form);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.NotEmpty(handled.Outbox);
        Assert.Equal(handled, await HandledAsync());
        Assert.Equal([form["MessageSid"]], (await _host.InboundAsync()).Select(e => e.ProviderId));
    }

    /// <summary>HandledAsync: what handling changes: the inbound log, the replies queued and the session's step.</summary>
    private Task<(string Inbound, string Outbox, string? State, int Attempts)> HandledAsync() =>
        _host.Storage.ReadAsync(s => (
            string.Join(",", s.Inbound.FindAll().Select(e => e.ProviderId)),
            string.Join(",", s.Outbox.FindAll().Select(m => m.Id)),
            s.Sessions.FindAll().Single().State,
            s.Sessions.FindAll().Single().Attempts));

    [Fact]
    public async Task AConcurrentBurstOfValidAndForgedWebhooksStoresEveryValidOneExactlyOnce()
    {
        const int Senders = 10;
        var valid = Enumerable.Range(0, Senders).Select(n => _host.InboundForm($"+2010012345{n:00}", "انضم")).ToList();
        var requests = new List<Func<Task<HttpResponseMessage>>>();
        foreach (var form in valid)
        {
            requests.Add(() => _host.PostAsync(Sms, form));
            requests.Add(() => _host.PostAsync(Sms, form)); // Twilio's retry of the same message
            requests.Add(() => _host.PostAsync(Sms, With("Body", "STOP", form), signature: Signature(Sms, form)));
            requests.Add(() => _host.Client.SendAsync(Post(Sms, Garbage(300), FormType)));
        }

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(r)));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, r.StatusCode.ToString()));
        Assert.Equal(Senders * 2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var stored = await _host.InboundAsync();
        Assert.Equal(valid.Select(f => f["MessageSid"]).Order(), stored.Select(e => e.ProviderId).Order());
        Assert.All(stored, e => Assert.NotEqual("STOP", e.Text));
    }
}

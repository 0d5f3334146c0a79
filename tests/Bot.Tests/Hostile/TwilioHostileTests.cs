using System.Net;
using System.Text;
using OutreachBot.Bot.Tests.Twilio.Fake;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TwilioHostileTests: the SMS, WhatsApp and status webhooks of the real host under a table of hostile requests.</summary>
public sealed class TwilioHostileTests : IAsyncLifetime
{
    private const string Sms = "/webhooks/twilio/sms";
    private const string WhatsApp = "/webhooks/twilio/whatsapp";
    private const string Status = "/webhooks/twilio/status";
    private const string Form = "application/x-www-form-urlencoded";
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private TwilioTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TwilioTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<int> StoredAsync() => (await _host.InboundAsync()).Count;

    private static string Signature(string path, IEnumerable<KeyValuePair<string, string>> form, string token = FakeTwilioServer.AuthToken) =>
        TwilioSigner.Sign(token, TwilioTestHost.PublicBaseUrl + path, form);

    private static byte[] Encode(IEnumerable<KeyValuePair<string, string>> form) =>
        new FormUrlEncodedContent(form).ReadAsByteArrayAsync().GetAwaiter().GetResult();

    /// <summary>Signed: a correctly signed form post, with optional content type.</summary>
    private static HostileCase Signed(string name, string path, Dictionary<string, string> form, string? contentType, params HttpStatusCode[] allowed) =>
        new(name, () => Post(path, Encode(form), contentType, ("X-Twilio-Signature", Signature(path, form))), allowed);

    private Dictionary<string, string> Inbound(string from = "+201001234567", string body = "انضم", bool whatsApp = false) =>
        _host.InboundForm(from, body, whatsApp: whatsApp);

    private Dictionary<string, string> Without(string field, Dictionary<string, string> form)
    {
        var copy = new Dictionary<string, string>(form);
        copy.Remove(field);
        return copy;
    }

    private Dictionary<string, string> With(string field, string value, Dictionary<string, string> form) => new(form) { [field] = value };

    private IEnumerable<HostileCase> Cases()
    {
        foreach (var path in new[] { Sms, WhatsApp })
        {
            var whatsApp = path == WhatsApp;
            var valid = Inbound(whatsApp: whatsApp);
            yield return new($"{path} empty body, no signature", () => Post(path, [], Form), Forbidden, Bad);
            yield return Signed($"{path} empty form, signed", path, [], Form, Bad);
            yield return Signed($"{path} no content type", path, Inbound(whatsApp: whatsApp), null, Bad, HttpStatusCode.UnsupportedMediaType);
            yield return new($"{path} JSON content type", () => Post(path, Utf8("{\"From\":\"+201001234567\"}"), "application/json"), Bad, HttpStatusCode.UnsupportedMediaType);
            yield return new($"{path} 1 MiB body", () => Post(path, Utf8("Body=" + new string('a', 1024 * 1024)), Form), HttpStatusCode.RequestEntityTooLarge);
            yield return new($"{path} binary garbage", () => Post(path, Garbage(2048), Form), Bad, Forbidden);
            yield return new($"{path} invalid UTF-8", () => Post(path, [.. Encode(valid), .. Utf8("&Extra="), 0xC3, 0x28, 0xFF], Form, ("X-Twilio-Signature", Signature(path, valid))), Bad);
            yield return new($"{path} UTF-16 body", () => Post(path, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(Encode(valid)))], Form + "; charset=utf-16", ("X-Twilio-Signature", Signature(path, valid))), Bad, Forbidden);
            yield return new($"{path} Body posted twice", () => Post(path, [.. Encode(valid), .. Utf8("&Body=other")], Form, ("X-Twilio-Signature", Signature(path, valid))), Bad);
            yield return Signed($"{path} missing MessageSid", path, Without("SmsMessageSid", Without("MessageSid", Inbound(whatsApp: whatsApp))), Form, Bad);
            yield return Signed($"{path} malformed MessageSid", path, With("SmsMessageSid", "x", With("MessageSid", "SM<script>", Inbound(whatsApp: whatsApp))), Form, Bad);
            yield return Signed($"{path} missing From", path, Without("From", Inbound(whatsApp: whatsApp)), Form, Bad);
            yield return Signed($"{path} From not a number", path, With("From", whatsApp ? "whatsapp:abc" : "abc", Inbound(whatsApp: whatsApp)), Form, Bad);
            yield return Signed($"{path} NumMedia negative", path, With("NumMedia", "-1", Inbound(whatsApp: whatsApp)), Form, Bad);
            yield return Signed($"{path} NumMedia huge", path, With("NumMedia", "99999999999999999999999", Inbound(whatsApp: whatsApp)), Form, Bad);
            yield return new($"{path} no signature", () => Post(path, Encode(valid), Form), Forbidden);
            yield return new($"{path} signed with another token", () => Post(path, Encode(valid), Form, ("X-Twilio-Signature", Signature(path, valid, "0123456789abcdef0123456789abcdef"))), Forbidden);
            yield return new($"{path} signed for another URL", () => Post(path, Encode(valid), Form, ("X-Twilio-Signature", Signature(path == Sms ? WhatsApp : Sms, valid))), Forbidden);
            yield return new($"{path} signed then Body altered", () => Post(path, Encode(With("Body", "STOP", valid)), Form, ("X-Twilio-Signature", Signature(path, valid))), Forbidden);
            yield return new($"{path} signature of 64 KiB", () => Post(path, Encode(valid), Form, ("X-Twilio-Signature", new string('A', 64 * 1024))), Forbidden, HttpStatusCode.RequestHeaderFieldsTooLarge);
            yield return new($"{path} GET", () => new HttpRequestMessage(HttpMethod.Get, path), HttpStatusCode.MethodNotAllowed);
        }

        var report = new Dictionary<string, string> { ["MessageSid"] = "SM" + new string('a', 32), ["MessageStatus"] = "delivered" };
        yield return new("status empty body", () => Post(Status, [], Form), Forbidden, Bad);
        yield return new("status binary garbage", () => Post(Status, Garbage(2048), Form), Bad, Forbidden);
        yield return new("status JSON", () => Post(Status, Utf8("{\"MessageStatus\":\"delivered\"}"), "application/json"), Bad, HttpStatusCode.UnsupportedMediaType);
        yield return new("status 1 MiB", () => Post(Status, Utf8("ErrorCode=" + new string('1', 1024 * 1024)), Form), HttpStatusCode.RequestEntityTooLarge);
        yield return Signed("status missing MessageStatus", Status, Without("MessageStatus", report), Form, Bad);
        yield return Signed("status missing MessageSid", Status, Without("MessageSid", report), Form, Bad);
        yield return new("status forged", () => Post(Status, Encode(report), Form, ("X-Twilio-Signature", Signature(Status, report, "forged"))), Forbidden);
        yield return new("status twice the same field", () => Post(Status, [.. Encode(report), .. Utf8("&MessageStatus=failed")], Form, ("X-Twilio-Signature", Signature(Status, report))), Bad);
        yield return Signed("status for a MessageSid of 5000 characters", Status, With("MessageSid", "SM" + new string('f', 5000), report), Form, Bad);
        yield return Signed("status ErrorCode of 5000 characters", Status, With("ErrorCode", new string('9', 5000), report), Form, Bad, HttpStatusCode.OK);
        yield return Signed("status unknown to us", Status, With("MessageStatus", "receiving", report), Form, HttpStatusCode.OK);
        yield return new("status PUT", () => new HttpRequestMessage(HttpMethod.Put, Status), HttpStatusCode.MethodNotAllowed);
        yield return new("unknown Twilio path", () => Post("/webhooks/twilio/voice", Encode(report), Form), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EveryHostileWebhookGetsAClearAnswerStoresNothingAndTheHostStillServes()
    {
        var failures = await HostileRun.SendAllAsync(_host.Client, Cases().ToList(), StoredAsync);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0, await StoredAsync());
        Assert.Equal(HttpStatusCode.OK, (await _host.SmsAsync("+201001234567", "انضم")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(WhatsApp, Inbound(whatsApp: true))).StatusCode);
        Assert.Equal(2, await StoredAsync());
    }

    [Fact]
    public async Task OddButValidMessagesAreStoredNotRefused()
    {
        Dictionary<string, string>[] odd =
        [
            Inbound(body: new string('ش', 1600)), // Twilio's longest inbound body
            Inbound(body: "\0\u0001\uFFFF\u202E"),
            Inbound(body: ""),
            With("ProfileName", new string('n', 20_000), Inbound(whatsApp: true)),
            With("NumMedia", "3", Inbound(body: "")),
        ];

        foreach (var form in odd)
        {
            var path = form["From"].StartsWith("whatsapp:", StringComparison.Ordinal) ? WhatsApp : Sms;
            var response = await _host.PostAsync(path, form);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} for {form["Body"].Length} characters");
        }

        Assert.Equal(odd.Length, await StoredAsync());
    }

    [Fact]
    public async Task AReplayedWebhookIsAnsweredOkAndStoredOnce()
    {
        var form = Inbound();

        var first = await _host.PostAsync(Sms, form);
        var replay = await _host.PostAsync(Sms, form);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal([form["MessageSid"]], (await _host.InboundAsync()).Select(e => e.ProviderId));
    }

    [Fact]
    public async Task AConcurrentBurstOfValidAndForgedWebhooksStoresEveryValidOneExactlyOnce()
    {
        const int Senders = 10;
        var valid = Enumerable.Range(0, Senders).Select(n => Inbound(from: $"+2010012345{n:00}", body: "انضم")).ToList();
        var requests = new List<Func<Task<HttpResponseMessage>>>();
        foreach (var form in valid)
        {
            requests.Add(() => _host.PostAsync(Sms, form));
            requests.Add(() => _host.PostAsync(Sms, form)); // Twilio's retry of the same message
            requests.Add(() => _host.PostAsync(Sms, With("Body", "STOP", form), signature: Signature(Sms, form)));
            requests.Add(() => _host.Client.SendAsync(Post(Sms, Garbage(300), Form)));
        }

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(r)));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, r.StatusCode.ToString()));
        Assert.Equal(Senders * 2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var stored = await _host.InboundAsync();
        Assert.Equal(valid.Select(f => f["MessageSid"]).Order(), stored.Select(e => e.ProviderId).Order());
        Assert.All(stored, e => Assert.NotEqual("STOP", e.Text));
    }
}

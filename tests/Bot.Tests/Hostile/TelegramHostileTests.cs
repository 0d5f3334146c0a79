using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Storage;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TelegramHostileTests: POST /webhooks/telegram on the real host (webhook mode, real pipeline) under a table of hostile requests.</summary>
/// <remarks>A well-formed JSON update that we cannot use answers 200 on purpose: Telegram would retry any other answer forever.</remarks>
public sealed class TelegramHostileTests : IAsyncLifetime
{
    private const string Path = "/webhooks/telegram";
    private const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private const string Secret = "s3cret_Value-1-webhook";
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private readonly TempFolder _data = new();
    private FakeTelegramServer _fake = null!;
    private BotHostFactory _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramServer.StartAsync();
        _host = new BotHostFactory(_data.File("bot.db")) { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero)) };
        foreach (var (key, value) in TelegramTestHost.Settings(_fake, mode: "Webhook")) _host.Settings[key] = value;
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        _fake.AssertNoUnexpectedRequests();
        await _fake.DisposeAsync();
        _data.Dispose();
    }

    private Task<int> StoredAsync() => _host.Services.GetRequiredService<StorageWriter>().ReadAsync(s => s.Inbound.Count());

    private static HttpRequestMessage Update(byte[] body, string? contentType = "application/json", string? secret = Secret) =>
        secret is null ? Post(Path, body, contentType) : Post(Path, body, contentType, (SecretHeader, secret));

    private static HostileCase Json(string name, string json, params HttpStatusCode[] allowed) =>
        new(name, () => Update(Utf8(json)), allowed.Length == 0 ? [Ok, Bad] : allowed);

    private static string TextWith(string replace, string with, int updateId = 900) => RecordedUpdates.Text(updateId, "hi").Replace(replace, with);

    public static IEnumerable<HostileCase> Cases() =>
    [
        new("no secret", () => Update(Utf8(RecordedUpdates.Text(1, "hi")), secret: null), HttpStatusCode.Unauthorized),
        new("wrong secret", () => Update(Utf8(RecordedUpdates.Text(2, "hi")), secret: "s3cret_Value-2-webhook"), HttpStatusCode.Unauthorized),
        new("secret in another case", () => Update(Utf8(RecordedUpdates.Text(3, "hi")), secret: Secret.ToUpperInvariant()), HttpStatusCode.Unauthorized),
        new("secret prefix", () => Update(Utf8(RecordedUpdates.Text(4, "hi")), secret: Secret[..^1]), HttpStatusCode.Unauthorized),
        new("secret of 64 KiB", () => Update(Utf8(RecordedUpdates.Text(5, "hi")), secret: new string('s', 64 * 1024)), HttpStatusCode.Unauthorized, HttpStatusCode.RequestHeaderFieldsTooLarge),
        new("secret with non-ASCII", () => Update(Utf8(RecordedUpdates.Text(6, "hi")), secret: "سر"), HttpStatusCode.Unauthorized),
        new("empty body", () => Update([]), Bad),
        new("no body, no content type", () => Update([], contentType: null), Bad),
        new("text/plain garbage", () => Update(Utf8("hello"), "text/plain"), Bad, HttpStatusCode.UnsupportedMediaType),
        new("1 MiB+ body", () => Update(Utf8(RecordedUpdates.Text(7, new string('a', 1024 * 1024 + 10)))), HttpStatusCode.RequestEntityTooLarge),
        new("binary garbage", () => Update(Garbage(4096)), Bad),
        new("invalid UTF-8 in the text", () => Update([.. Utf8("{\"update_id\":8,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}}")]), Ok, Bad),
        new("UTF-16 body", () => Update([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(RecordedUpdates.Text(9, "hi"))], "application/json; charset=utf-16"), Bad, HttpStatusCode.UnsupportedMediaType),
        Json("JSON null", "null"),
        Json("JSON array", "[]"),
        Json("JSON number", "42"),
        Json("update_id is a string", TextWith("\"update_id\":900", "\"update_id\":\"900\"")),
        Json("update_id is huge", TextWith("\"update_id\":900", "\"update_id\":1e400")),
        Json("update_id beyond Int32", TextWith("\"update_id\":900", "\"update_id\":9999999999")),
        Json("no update_id", TextWith("\"update_id\":900,", "")),
        Json("text is a number", TextWith("\"text\":\"hi\"", "\"text\":12", 910)),
        Json("text is an object", TextWith("\"text\":\"hi\"", "\"text\":{\"a\":1}", 911)),
        Json("chat is null", "{\"update_id\":901,\"message\":{\"message_id\":1,\"date\":1,\"chat\":null,\"text\":\"hi\"}}"),
        Json("chat id is huge", "{\"update_id\":902,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":1e30,\"type\":\"private\"},\"text\":\"hi\"}}"),
        Json("date is a string", "{\"update_id\":903,\"message\":{\"message_id\":1,\"date\":\"yesterday\",\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"hi\"}}"),
        Json("message is an array", "{\"update_id\":904,\"message\":[1,2,3]}"),
        Json("callback without sender", "{\"update_id\":905,\"callback_query\":{\"id\":\"q\",\"data\":\"1\"}}"),
        Json("unknown update type", "{\"update_id\":906,\"something_new\":{\"x\":1}}"),
        Json("nested 10000 deep", "{\"update_id\":907,\"message\":" + Nested(10_000) + "}"),
        new("GET webhook", () => new HttpRequestMessage(HttpMethod.Get, Path), HttpStatusCode.MethodNotAllowed),
        new("unknown path", () => Post("/webhooks/telegram/extra", Utf8("{}"), "application/json"), HttpStatusCode.NotFound),
    ];

    [Fact]
    public async Task EveryHostileUpdateGetsAClearAnswerStoresNothingAndTheHostStillServes()
    {
        var failures = await HostileRun.SendAllAsync(_client, Cases(), StoredAsync);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(await _host.Services.GetRequiredService<StorageWriter>().ReadAsync(s => s.Inbound.FindAll().Select(e => $"{e.ProviderId} {e.Kind} {e.Text}").ToList()));
        var after = await _client.SendAsync(Update(Utf8(RecordedUpdates.Text(1000, "انضم"))));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, await StoredAsync());
    }

    [Fact]
    public async Task AConcurrentBurstOfValidAndInvalidUpdatesStoresEveryValidOneExactlyOnce()
    {
        var ids = Enumerable.Range(3000, 12).ToList();
        var requests = new List<Func<Task<HttpResponseMessage>>>();
        foreach (var id in ids)
        {
            // Telegram resends an update it got no answer for; forged and garbage posts arrive in between.
            requests.Add(() => _client.SendAsync(Update(Utf8(RecordedUpdates.Text(id, "انضم", messageId: id)))));
            requests.Add(() => _client.SendAsync(Update(Utf8(RecordedUpdates.Text(id, "انضم", messageId: id)))));
            requests.Add(() => _client.SendAsync(Update(Utf8(RecordedUpdates.Text(id + 100, "forged")), secret: "nope")));
            requests.Add(() => _client.SendAsync(Update(Garbage(300))));
        }

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(r)));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, r.StatusCode.ToString()));
        Assert.Equal(ids.Count * 2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var stored = await _host.Services.GetRequiredService<StorageWriter>().ReadAsync(s => s.Inbound.FindAll().Select(e => e.ProviderId).ToList());
        Assert.Equal(ids.Select(i => "555000111:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), stored.Order());
    }

    [Fact]
    public async Task OddButValidUpdatesAreStoredNotRefused()
    {
        string[] odd =
        [
            RecordedUpdates.Start(4000, new string('p', 60_000)),
            RecordedUpdates.Text(4001, new string('ش', 200_000)),
            RecordedUpdates.Text(4002, "\0\u0001\uFFFF\u202E"),
            RecordedUpdates.Callback(4003, new string('d', 5000)),
            RecordedUpdates.Text(4004, "hi").Replace("\"first_name\":\"منى\"", "\"first_name\":\"" + new string('n', 60_000) + "\""),
        ];

        foreach (var update in odd)
        {
            var response = await _client.SendAsync(Update(Utf8(update)));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} for {update[..60]}");
        }

        Assert.Equal(odd.Length, await StoredAsync());
    }

    [Fact]
    public async Task AReplayedUpdateIsAnsweredOkAndStoredOnce()
    {
        var update = RecordedUpdates.Text(2000, "انضم");

        var first = await _client.SendAsync(Update(Utf8(update)));
        var replay = await _client.SendAsync(Update(Utf8(update)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(["555000111:2000"], await _host.Services.GetRequiredService<StorageWriter>().ReadAsync(s => s.Inbound.FindAll().Select(e => e.ProviderId).ToList()));
    }
}

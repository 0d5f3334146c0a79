using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>SimulatorHostileTests: the simulator API, /metrics and /healthz under a table of hostile requests on the real host.</summary>
public sealed class SimulatorHostileTests : IDisposable
{
    private const string Messages = "/api/simulator/messages";
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private readonly TempFolder _folder = new();
    private readonly BotHostFactory _host;
    private readonly HttpClient _client;

    public SimulatorHostileTests()
    {
        _host = new BotHostFactory(_folder.File("hostile.db"));
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
        _folder.Dispose();
    }

    private Task<int> StoredAsync() => _host.Services.GetRequiredService<StorageWriter>().ReadAsync(s => s.Inbound.Count());

    private static HostileCase Json(string name, string json, params HttpStatusCode[] allowed) =>
        new(name, () => Post(Messages, Utf8(json), "application/json"), allowed.Length == 0 ? [Bad] : allowed);

    public static IEnumerable<HostileCase> Cases() =>
    [
        new("empty body", () => Post(Messages, [], "application/json"), Bad),
        new("no body, no content type", () => Post(Messages, null, null), Bad),
        new("form body", () => Post(Messages, Utf8("from=alice&text=hi"), "application/x-www-form-urlencoded"), Bad, HttpStatusCode.UnsupportedMediaType),
        new("1 MiB body", () => Post(Messages, Utf8("{\"from\":\"big\",\"text\":\"" + new string('a', 1024 * 1024) + "\"}"), "application/json"), HttpStatusCode.RequestEntityTooLarge),
        new("binary garbage", () => Post(Messages, Garbage(4096), "application/json"), Bad),
        new("invalid UTF-8 inside a string", () => Post(Messages, [.. Utf8("{\"from\":\"bad\",\"text\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}")], "application/json"), Bad),
        new("invalid UTF-8 in from", () => Post(Messages, [.. Utf8("{\"from\":\""), 0xFE, .. Utf8("\",\"text\":\"hi\"}")], "application/json"), Bad),
        new("UTF-16 body", () => Post(Messages, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"from\":\"u16\",\"text\":\"hi\"}")], "application/json; charset=utf-16"), Bad, HttpStatusCode.UnsupportedMediaType),
        Json("JSON null", "null"),
        Json("JSON array", "[]"),
        Json("JSON string", "\"from\""),
        Json("from is a number", "{\"from\":42,\"text\":\"hi\"}"),
        Json("from is null", "{\"from\":null,\"text\":\"hi\"}"),
        Json("from is an object", "{\"from\":{\"a\":1},\"text\":\"hi\"}"),
        Json("text is an array", "{\"from\":\"types\",\"text\":[1,2]}"),
        Json("text is a number", "{\"from\":\"types\",\"text\":12}"),
        Json("id is a huge number", "{\"from\":\"types\",\"text\":\"hi\",\"id\":1e400}"),
        Json("text nested 10000 deep", "{\"from\":\"deep\",\"text\":" + Nested(10_000) + "}"),
        Json("id of 4000 characters", "{\"from\":\"longid\",\"text\":\"hi\",\"id\":\"" + new string('i', 4000) + "\"}"),
        Json("id of 600 Arabic letters", "{\"from\":\"longid\",\"text\":\"hi\",\"id\":\"" + new string('ع', 600) + "\"}"),
        Json("missing from", "{\"text\":\"hi\"}"),
        Json("from with a slash", "{\"from\":\"../etc\",\"text\":\"hi\"}"),
        Json("from of 65 characters", "{\"from\":\"" + new string('a', 65) + "\",\"text\":\"hi\"}"),
        Json("truncated JSON", "{\"from\":\"cut\",\"text\":\"h"),
        new("64 KiB header", () => Post(Messages, Utf8("{\"text\":\"hdr\"}"), "application/json", ("X-Padding", new string('x', 64 * 1024))), Bad, HttpStatusCode.RequestHeaderFieldsTooLarge, HttpStatusCode.UnsupportedMediaType),
        new("PUT messages", () => new HttpRequestMessage(HttpMethod.Put, Messages) { Content = JsonContent.Create(new { from = "m", text = "hi" }) }, HttpStatusCode.MethodNotAllowed),
        new("DELETE messages of a user", () => new HttpRequestMessage(HttpMethod.Delete, Messages + "/alice"), HttpStatusCode.MethodNotAllowed),
        new("POST metrics", () => Post("/metrics", Utf8("x"), "text/plain"), HttpStatusCode.MethodNotAllowed),
        new("POST healthz", () => Post("/healthz", Utf8("x"), "text/plain"), HttpStatusCode.MethodNotAllowed),
        new("unknown path", () => Post("/api/simulator/nothing", Utf8("{}"), "application/json"), HttpStatusCode.NotFound),
        new("path traversal", () => new HttpRequestMessage(HttpMethod.Get, "/api/simulator/messages/..%2F..%2Fetc"), HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound),
        new("user of 4000 characters", () => new HttpRequestMessage(HttpMethod.Get, Messages + "/" + new string('u', 4000)), HttpStatusCode.OK, HttpStatusCode.BadRequest),
        new("user with invalid UTF-8 escapes", () => new HttpRequestMessage(HttpMethod.Get, Messages + "/a%C3%28%FFb"), HttpStatusCode.OK, HttpStatusCode.BadRequest),
        new("GET metrics", () => new HttpRequestMessage(HttpMethod.Get, "/metrics"), HttpStatusCode.OK),
        new("GET healthz", () => new HttpRequestMessage(HttpMethod.Get, "/healthz"), HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable),
    ];

    [Fact]
    public async Task EveryHostileRequestGetsAClearAnswerStoresNothingAndTheHostStillServes()
    {
        var failures = await HostileRun.SendAllAsync(_client, Cases(), StoredAsync);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0, await StoredAsync());
        var after = await _client.PostAsJsonAsync(Messages, new { from = "after", text = "انضم" });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, await StoredAsync());
    }

    [Fact]
    public async Task AStorageFailureAnswers503NotA500()
    {
        using var folder = new TempFolder();
        using var host = new BotHostFactory(folder.File("broken.db"))
        {
            ConfigureServices = services => services.AddSingleton<IInboundPipeline, FailingPipeline>(),
        };
        using var client = host.CreateClient();

        var response = await client.PostAsJsonAsync(Messages, new { from = "broken", text = "انضم" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var healthy = await _client.PostAsJsonAsync(Messages, new { from = "healthy", text = "انضم" });
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    /// <summary>FailingPipeline fails as storage does when the disk is full or the file is locked.</summary>
    private sealed class FailingPipeline : IInboundPipeline
    {
        public Task<PipelineResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken) =>
            Task.FromException<PipelineResult>(new IOException("disk full"));
    }

    [Fact]
    public async Task AResentMessageWithTheSameIdIsStoredOnceAndAnsweredAsDuplicate()
    {
        var first = await (await _client.PostAsJsonAsync(Messages, new { from = "twice", text = "انضم", id = "m-1" })).Content.ReadFromJsonAsync<SimulatorResponse>();
        var second = await (await _client.PostAsJsonAsync(Messages, new { from = "twice", text = "انضم", id = "m-1" })).Content.ReadFromJsonAsync<SimulatorResponse>();

        Assert.False(first!.Duplicate);
        Assert.True(second!.Duplicate);
        Assert.Equal(1, await StoredAsync());
    }

    [Fact]
    public async Task AConcurrentBurstOfValidAndInvalidRequestsStoresEveryValidOneExactlyOnce()
    {
        const int Users = 12;
        var requests = new List<Func<Task<HttpResponseMessage>>>();
        for (var i = 0; i < Users; i++)
        {
            var n = i;
            // Each valid message is sent twice (a resend with the same id), interleaved with garbage.
            requests.Add(() => _client.PostAsJsonAsync(Messages, new { from = $"burst{n}", text = "انضم", id = $"burst-{n}" }));
            requests.Add(() => _client.PostAsJsonAsync(Messages, new { from = $"burst{n}", text = "انضم", id = $"burst-{n}" }));
            requests.Add(() => _client.SendAsync(Post(Messages, Garbage(512), "application/json")));
            requests.Add(() => _client.SendAsync(Post(Messages, Utf8("{\"from\":7}"), "application/json")));
        }

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(r)));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, r.StatusCode.ToString()));
        Assert.Equal(Users * 2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var stored = await _host.Services.GetRequiredService<StorageWriter>().ReadAsync(s => s.Inbound.FindAll().Select(e => e.ProviderId).ToList());
        // The simulator's provider id is per user ("user:id"): an id dedupes one user's resends only.
        Assert.Equal(Enumerable.Range(0, Users).Select(n => $"burst{n}:burst-{n}").Order(), stored.Order());
    }
}

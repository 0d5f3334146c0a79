using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Telegram.Fake;

/// <summary>FakeTelegramServer: a Bot API server on a loopback port that serves /bot{token}/{method}, records every request and flags unexpected ones.</summary>
/// <remarks>getUpdates follows Telegram: updates below the offset are confirmed and dropped; with none pending it holds the
/// call up to its timeout (capped at one second to keep tests fast).</remarks>
public sealed class FakeTelegramServer : IAsyncDisposable
{
    public const string Token = "123456789:AAHfakeTOKENfakeTOKENfakeTOKEN_abc-x";

    private static readonly HashSet<string> KnownMethods =
        ["getUpdates", "sendMessage", "setWebhook", "deleteWebhook", "answerCallbackQuery"];

    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<string> _unexpected = [];
    private readonly List<JsonObject> _pendingUpdates = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body)>> _scripted = new();
    private readonly Lock _gate = new();
    private readonly long _started = TimeProvider.System.GetTimestamp();
    private TaskCompletionSource _changed = NewSignal();
    private int _nextMessageId = 1000;

    private FakeTelegramServer(WebApplication app) => _app = app;

    /// <summary>BaseUrl to put in Telegram:ApiBaseUrl.</summary>
    public string BaseUrl => BaseUrls[0];

    /// <summary>BaseUrls: one per address the fake listens on; calls to BaseUrls[i] are recorded with <see cref="RecordedRequest.Address"/> i.</summary>
    public IReadOnlyList<string> BaseUrls { get; private set; } = [];

    /// <summary>Elapsed: real time since the fake started (monotonic), the clock of <see cref="RecordedRequest.Arrival"/>.</summary>
    public TimeSpan Elapsed => TimeProvider.System.GetElapsedTime(_started);

    /// <summary>ElapsedAt: a TimeProvider.System timestamp on the clock of <see cref="RecordedRequest.Arrival"/>.</summary>
    public TimeSpan ElapsedAt(long timestamp) => TimeProvider.System.GetElapsedTime(_started, timestamp);

    /// <param name="addresses">Ports to listen on; each call is recorded with the one it came in on (the Bot API client drops any path of its base URL, so ports tell callers apart).</param>
    public static async Task<FakeTelegramServer> StartAsync(int addresses = 1)
    {
        var builder = LoopbackApp.CreateBuilder();
        builder.WebHost.UseUrls(string.Join(";", Enumerable.Repeat("http://127.0.0.1:0", addresses)));
        var app = builder.Build();
        var server = new FakeTelegramServer(app);
        app.MapPost("/bot{token}/{method}", (HttpContext http, string token, string method) => server.HandleAsync(http, token, method));
        app.Map("{**path}", (HttpContext http) => server.Unexpected($"{http.Request.Method} {http.Request.Path}"));
        await app.StartAsync();
        server.BaseUrls = LoopbackApp.AddressesOf(app);
        return server;
    }

    /// <summary>Requests so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests { get { lock (_gate) return [.. _requests]; } }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method) => Requests.Where(r => r.Method == method).ToList();

    /// <summary>Unexpected: requests the fake does not serve (unknown method, wrong token, other paths).</summary>
    public IReadOnlyList<string> UnexpectedRequests { get { lock (_gate) return [.. _unexpected]; } }

    /// <summary>EnqueueUpdate makes an update (raw JSON, e.g. a recorded body) available to getUpdates.</summary>
    public void EnqueueUpdate(string updateJson)
    {
        lock (_gate) _pendingUpdates.Add(JsonNode.Parse(updateJson)!.AsObject());
        Signal();
    }

    /// <summary>Script makes the next call of <paramref name="method"/> answer with this status and body instead of the default.</summary>
    public void Script(string method, int status, string body) =>
        _scripted.GetOrAdd(method, _ => new()).Enqueue((status, body));

    /// <summary>WaitUntilAsync waits (up to 10 s of real time) until the recorded requests satisfy <paramref name="condition"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<RecordedRequest>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_requests)) return;
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                throw new TimeoutException("Fake Telegram never saw: " + what);
        }
    }

    /// <summary>AssertNoUnexpectedRequests fails the test if anything asked for something the fake does not serve.</summary>
    public void AssertNoUnexpectedRequests() => Assert.Empty(UnexpectedRequests);

    private async Task<IResult> HandleAsync(HttpContext http, string token, string method)
    {
        // Taken before the body is read: when the call reached the provider, not when the fake got round to it.
        var arrival = Elapsed;
        var address = BaseUrls.Select((url, i) => (url, i)).First(a => new Uri(a.url).Port == http.Connection.LocalPort).i;
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync();
        var body = string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
        if (token != Token || !KnownMethods.Contains(method))
        {
            Unexpected($"{method} (token ok: {token == Token})");
            return Results.Json(new { ok = false, error_code = 404, description = "Not Found" }, statusCode: 404);
        }
        lock (_gate) _requests.Add(new RecordedRequest(method, body, arrival, address));
        Signal();

        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
            return Results.Text(scripted.Body, "application/json", statusCode: scripted.Status);

        return method switch
        {
            "getUpdates" => Ok(await GetUpdatesAsync(body, http.RequestAborted)),
            "sendMessage" => Ok(SentMessage(body)),
            _ => Ok(true),
        };
    }

    private async Task<JsonNode> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<int>();
        var timeout = Math.Min(1, body["timeout"]?.GetValue<int>() ?? 0);
        var deadline = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (offset is { } o) _pendingUpdates.RemoveAll(u => u["update_id"]?.GetValue<int>() < o);
                if (_pendingUpdates.Count > 0) return new JsonArray([.. _pendingUpdates.Select(u => u.DeepClone())]);
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return new JsonArray();
            try { await Task.WhenAny(changed, Task.Delay(left, aborted)); }
            catch (OperationCanceledException) { return new JsonArray(); }
            if (aborted.IsCancellationRequested) return new JsonArray();
        }
    }

    private JsonObject SentMessage(JsonObject request) => new()
    {
        ["message_id"] = Interlocked.Increment(ref _nextMessageId),
        ["date"] = 1764396000,
        ["chat"] = new JsonObject { ["id"] = request["chat_id"]?.DeepClone(), ["type"] = "private" },
        ["text"] = request["text"]?.DeepClone(),
    };

    private static IResult Ok(JsonNode? result) =>
        Results.Text(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json");

    private IResult Unexpected(string what)
    {
        lock (_gate) _unexpected.Add(what);
        Signal();
        return Results.NotFound();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = NewSignal();
        }
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>RecordedRequest: one Bot API call the fake received: method name, JSON body, when and on which of its addresses.</summary>
/// <param name="Arrival">Real time since the fake started (monotonic), to measure the rates the bot keeps at the provider.</param>
/// <param name="Address">Index in <see cref="FakeTelegramServer.BaseUrls"/> of the address the call came in on.</param>
public sealed record RecordedRequest(string Method, JsonObject Body, TimeSpan Arrival, int Address);

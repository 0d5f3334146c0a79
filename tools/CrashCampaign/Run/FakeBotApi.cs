using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>FakeBotApi: a Telegram Bot API on a loopback port that outlives every child, counts each (chat, text) it accepts and fails a share of sends.</summary>
/// <remarks>
/// Serves what the service calls: getMe, deleteWebhook, setWebhook, getUpdates (nothing pending: it holds the poll up to
/// a second) and sendMessage. Faults split equally into 502, 429 with retry_after 1, and a timeout: the message is
/// accepted but the answer comes after the service gave up, so its retry is a real duplicate (counted apart as a late answer).
/// </remarks>
public sealed class FakeBotApi : IAsyncDisposable
{
    /// <summary>Token the service is configured with; the fake refuses others.</summary>
    public const string Token = "987654321:AAcrashCAMPAIGNfakeTOKENonlyLOOPBACKx";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(long Chat, string Text), int> _accepted = new();
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly double _faults;
    private readonly TimeSpan _lateBy;
    private long _calls, _bad5xx, _throttled, _late, _unexpected, _messageId = 1000;
    private int _open;

    private FakeBotApi(WebApplication app, double faults, TimeSpan lateBy, int seed)
    {
        _app = app;
        _faults = faults;
        _lateBy = lateBy;
        _random = new Random(seed);
    }

    /// <summary>StartAsync listens on 127.0.0.1 at a port the system picks.</summary>
    /// <param name="lateBy">How long a timed-out call is held: longer than the service's send timeout.</param>
    public static async Task<FakeBotApi> StartAsync(double faults, TimeSpan lateBy, int seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotApi(app, faults, lateBy, seed);
        app.MapPost("/bot{token}/{method}", fake.HandleAsync);
        app.Map("{**path}", () => { Interlocked.Increment(ref fake._unexpected); return Results.NotFound(); });
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>BaseUrl for Telegram:ApiBaseUrl.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>sendMessage calls received, whatever their answer.</summary>
    public long Calls => Interlocked.Read(ref _calls);
    public long Failed5xx => Interlocked.Read(ref _bad5xx);
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Calls accepted but answered only after the service's send timeout.</summary>
    public long LateAnswers => Interlocked.Read(ref _late);

    /// <summary>Requests for anything the fake does not serve (wrong token, unknown method or path).</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    /// <summary>sendMessage calls being handled right now (a kill cuts them off).</summary>
    public int OpenCalls => Volatile.Read(ref _open);

    /// <summary>Accepted: how many times each (chat, text) was accepted.</summary>
    public IReadOnlyDictionary<(long Chat, string Text), int> Accepted => new Dictionary<(long, string), int>(_accepted);

    /// <summary>DistinctAccepted: messages accepted at least once.</summary>
    public int DistinctAccepted => _accepted.Count;

    private async Task<IResult> HandleAsync(HttpContext http, string token, string method)
    {
        if (token != Token)
        {
            Interlocked.Increment(ref _unexpected);
            return Error(401, "Unauthorized");
        }
        return method switch
        {
            "getMe" => Ok(new JsonObject { ["id"] = 987654321, ["is_bot"] = true, ["first_name"] = "Campaign", ["username"] = "campaign_bot" }),
            "deleteWebhook" or "setWebhook" => Ok(true),
            "getUpdates" => await GetUpdatesAsync(http),
            "sendMessage" => await SendMessageAsync(http),
            _ => Unknown(),
        };
    }

    private IResult Unknown()
    {
        Interlocked.Increment(ref _unexpected);
        return Error(404, "Not Found: method not found");
    }

    private static async Task<IResult> GetUpdatesAsync(HttpContext http)
    {
        // Nothing ever pending: hold the long poll (at most a second) the way Telegram does, then answer empty.
        try { await Task.Delay(TimeSpan.FromSeconds(1), http.RequestAborted); }
        catch (OperationCanceledException) { }
        return Ok(new JsonArray());
    }

    private async Task<IResult> SendMessageAsync(HttpContext http)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _open);
        try
        {
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            if (body?["chat_id"] is not JsonValue chatValue || !TryChat(chatValue, out var chat)
                || body["text"] is not JsonValue textValue || !textValue.TryGetValue<string>(out var text))
                return Unknown();

            switch (NextFault())
            {
                case Fault.ServerError:
                    Interlocked.Increment(ref _bad5xx);
                    return Error(502, "Bad Gateway");
                case Fault.Throttle:
                    Interlocked.Increment(ref _throttled);
                    return Results.Text(new JsonObject
                    {
                        ["ok"] = false, ["error_code"] = 429, ["description"] = "Too Many Requests: retry after 1",
                        ["parameters"] = new JsonObject { ["retry_after"] = 1 },
                    }.ToJsonString(), "application/json", statusCode: 429);
                case Fault.Timeout:
                    // Accepted, but the answer comes too late: the worst kind of timeout, since the retry is a real duplicate.
                    _accepted.AddOrUpdate((chat, text), 1, (_, n) => n + 1);
                    Interlocked.Increment(ref _late);
                    try { await Task.Delay(_lateBy, http.RequestAborted); }
                    catch (OperationCanceledException) { }
                    return SentMessage(chat, text);
                default:
                    _accepted.AddOrUpdate((chat, text), 1, (_, n) => n + 1);
                    return SentMessage(chat, text);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return Unknown();
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private static bool TryChat(JsonValue value, out long chat)
    {
        if (value.TryGetValue(out chat)) return true;
        chat = 0;
        return value.TryGetValue<string>(out var text) && long.TryParse(text, out chat);
    }

    private enum Fault { None, ServerError, Throttle, Timeout }

    private Fault NextFault()
    {
        if (_faults <= 0) return Fault.None;
        double roll;
        lock (_randomGate) roll = _random.NextDouble();
        if (roll >= _faults) return Fault.None;
        var third = _faults / 3;
        return roll < third ? Fault.ServerError : roll < 2 * third ? Fault.Throttle : Fault.Timeout;
    }

    private IResult SentMessage(long chat, string text) => Ok(new JsonObject
    {
        ["message_id"] = Interlocked.Increment(ref _messageId),
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
        ["text"] = text,
    });

    private static IResult Ok(JsonNode? result) =>
        Results.Text(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json");

    private static IResult Error(int status, string description) =>
        Results.Text(new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description }.ToJsonString(),
            "application/json", statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Twilio.Fake;

/// <summary>FakeTwilioServer: Twilio's Messages.json on a loopback port; records each form, answers with Twilio-shaped JSON and flags anything else.</summary>
/// <remarks>Requests must carry HTTP Basic credentials AccountSid:AuthToken, as the library sends them; others are unexpected.</remarks>
public sealed class FakeTwilioServer : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "f00dfacecafebabe0123456789abcdef";

    private readonly WebApplication _app;
    private readonly List<RecordedMessage> _requests = [];
    private readonly List<string> _unexpected = [];
    private readonly ConcurrentQueue<ScriptedAnswer> _scripted = new();
    private readonly Lock _gate = new();
    private int _nextSid;

    private FakeTwilioServer(WebApplication app) => _app = app;

    /// <summary>BaseUrl to put in Twilio:ApiBaseUrl.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeTwilioServer> StartAsync()
    {
        var builder = LoopbackApp.CreateBuilder();
        var app = builder.Build();
        var server = new FakeTwilioServer(app);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (HttpContext http, string sid) => server.HandleAsync(http, sid));
        app.Map("{**path}", (HttpContext http) => server.Unexpected($"{http.Request.Method} {http.Request.Path}"));
        await app.StartAsync();
        server.BaseUrl = LoopbackApp.AddressOf(app);
        return server;
    }

    /// <summary>Messages posted so far, in arrival order.</summary>
    public IReadOnlyList<RecordedMessage> Requests { get { lock (_gate) return [.. _requests]; } }

    public IReadOnlyList<string> UnexpectedRequests { get { lock (_gate) return [.. _unexpected]; } }

    /// <summary>Script makes the next call answer with this status, JSON body and headers instead of a created message.</summary>
    public void Script(int status, string body, IReadOnlyDictionary<string, string>? headers = null, TimeSpan? delay = null) =>
        _scripted.Enqueue(new ScriptedAnswer(status, body, headers ?? new Dictionary<string, string>(), delay ?? TimeSpan.Zero));

    /// <summary>ScriptError answers the next call with Twilio's error JSON for <paramref name="code"/>.</summary>
    public void ScriptError(int status, int code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        Script(status, ErrorBody(status, code, message), headers);

    /// <summary>ErrorBody: an error as Twilio's REST API writes it.</summary>
    public static string ErrorBody(int status, int code, string message) => new JsonObject
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = "https://www.twilio.com/docs/errors/" + code.ToString(CultureInfo.InvariantCulture),
        ["status"] = status,
    }.ToJsonString();

    public void AssertNoUnexpectedRequests() => Assert.Empty(UnexpectedRequests);

    private async Task<IResult> HandleAsync(HttpContext http, string sid)
    {
        var form = await http.Request.ReadFormAsync();
        if (sid != AccountSid || http.Request.Headers.Authorization.ToString() != ExpectedAuthorization)
            return Unexpected($"Messages.json with account {sid} or wrong credentials");

        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
        lock (_gate) _requests.Add(new RecordedMessage(fields));

        if (_scripted.TryDequeue(out var scripted))
        {
            if (scripted.Delay > TimeSpan.Zero)
            {
                // A caller that gives up closes the connection; stop waiting then, so the test does not.
                try { await Task.Delay(scripted.Delay, http.RequestAborted); }
                catch (OperationCanceledException) { return Results.Empty; }
            }
            foreach (var (name, value) in scripted.Headers) http.Response.Headers[name] = value;
            return Results.Text(scripted.Body, "application/json", statusCode: scripted.Status);
        }
        return Results.Text(Created(fields).ToJsonString(), "application/json", statusCode: 201);
    }

    private static string ExpectedAuthorization =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AccountSid + ":" + AuthToken));

    /// <summary>Created: the message resource Twilio answers a successful create with.</summary>
    private JsonObject Created(Dictionary<string, string> fields) => new()
    {
        ["account_sid"] = AccountSid,
        ["api_version"] = "2010-04-01",
        ["body"] = fields.GetValueOrDefault("Body"),
        ["date_created"] = "Sun, 29 Nov 2026 06:00:00 +0000",
        ["date_sent"] = null,
        ["date_updated"] = "Sun, 29 Nov 2026 06:00:00 +0000",
        ["direction"] = "outbound-api",
        ["error_code"] = null,
        ["error_message"] = null,
        ["from"] = fields.GetValueOrDefault("From"),
        ["messaging_service_sid"] = fields.GetValueOrDefault("MessagingServiceSid"),
        ["num_media"] = "0",
        ["num_segments"] = "1",
        ["price"] = null,
        ["price_unit"] = "USD",
        ["sid"] = "SM" + Interlocked.Increment(ref _nextSid).ToString("x32", CultureInfo.InvariantCulture),
        ["status"] = "queued",
        ["subresource_uris"] = new JsonObject { ["media"] = "/2010-04-01/Accounts/" + AccountSid + "/Messages/x/Media.json" },
        ["to"] = fields.GetValueOrDefault("To"),
        ["uri"] = "/2010-04-01/Accounts/" + AccountSid + "/Messages/x.json",
    };

    private IResult Unexpected(string what)
    {
        lock (_gate) _unexpected.Add(what);
        return Results.NotFound();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record ScriptedAnswer(int Status, string Body, IReadOnlyDictionary<string, string> Headers, TimeSpan Delay);
}

/// <summary>RecordedMessage: the form fields of one Messages.json create.</summary>
public sealed record RecordedMessage(IReadOnlyDictionary<string, string> Fields)
{
    public string? this[string name] => Fields.GetValueOrDefault(name);
}

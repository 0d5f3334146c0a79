using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OutreachBot.Bot.Tests.Twilio.Fake;

/// <summary>FakeTwilioApi: Twilio's Messages endpoint on a loopback Kestrel port; records each request's form and answers with recorded bodies.</summary>
/// <remarks>Any other request is recorded as unexpected and answered 404; tests assert there were none.</remarks>
public sealed class FakeTwilioApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeAnswer> _answers = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private int _sids;

    private FakeTwilioApi(WebApplication app) => _app = app;

    /// <summary>BaseUrl: where the fake listens, e.g. http://127.0.0.1:50123.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<FakeRequest> Requests => [.. _requests];
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    /// <summary>StartAsync starts the fake on 127.0.0.1 with a free port.</summary>
    public static async Task<FakeTwilioApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwilioApi(app);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (Func<HttpContext, string, Task>)fake.CreateMessage);
        app.MapFallback((Func<HttpContext, Task>)fake.Unknown);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>Answer queues the answer to the next message request (default: a recorded "queued" success).</summary>
    public void Answer(FakeAnswer answer) => _answers.Enqueue(answer);

    private async Task CreateMessage(HttpContext http, string sid)
    {
        var form = await http.Request.ReadFormAsync();
        _requests.Enqueue(new FakeRequest(
            sid,
            http.Request.Headers.Authorization.ToString(),
            form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal)));

        var answer = _answers.TryDequeue(out var queued) ? queued : FakeAnswer.Queued();
        if (answer.Delay is { } delay) await Task.Delay(delay, http.RequestAborted);
        http.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter) http.Response.Headers.RetryAfter = retryAfter;
        http.Response.ContentType = answer.ContentType;
        var messageSid = "SM" + Interlocked.Increment(ref _sids).ToString("D32");
        var body = answer.Body.Replace("{sid}", messageSid, StringComparison.Ordinal)
            .Replace("{account}", sid, StringComparison.Ordinal)
            .Replace("{to}", form["To"].ToString(), StringComparison.Ordinal);
        await http.Response.WriteAsync(body, Encoding.UTF8);
    }

    private Task Unknown(HttpContext http)
    {
        _unexpected.Enqueue(http.Request.Method + " " + http.Request.Path);
        http.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>FakeRequest: one message request as the fake received it.</summary>
public sealed record FakeRequest(string AccountSid, string Authorization, IReadOnlyDictionary<string, string> Form)
{
    public string? this[string field] => Form.TryGetValue(field, out var value) ? value : null;
}

/// <summary>FakeAnswer: what the fake answers to one request.</summary>
public sealed record FakeAnswer(int Status, string Body, string ContentType = "application/json", string? RetryAfter = null, TimeSpan? Delay = null)
{
    /// <summary>Queued: Twilio's 201 answer to an accepted message.</summary>
    public static FakeAnswer Queued() => new(201, TwilioBodies.Queued);

    /// <summary>Error: Twilio's JSON error body for <paramref name="code"/>, as recorded from the live API.</summary>
    public static FakeAnswer Error(int code, string? retryAfter = null) => new(TwilioBodies.StatusOf(code), TwilioBodies.Error(code), RetryAfter: retryAfter);
}

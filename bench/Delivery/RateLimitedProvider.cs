using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OutreachBot.Bench.Delivery;

/// <summary>RateLimitedProvider: a Telegram-like fake provider on loopback: a bucket of one second's worth overall, 1/s per chat, 429 with Retry-After above it.</summary>
public sealed class RateLimitedProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, double> _chatLast = [];
    private readonly double _rate;
    private double _tokens;
    private double _last;

    public RateLimitedProvider(double ratePerSecond)
    {
        _rate = _tokens = ratePerSecond;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/send", (HttpContext context) =>
        {
            var chat = context.Request.Query["chat"].ToString();
            var id = context.Request.Query["id"].ToString();
            if (!TryAccept(chat, out var retryAfter))
            {
                Interlocked.Increment(ref _throttled);
                Throttles.Enqueue(_clock.Elapsed.TotalSeconds);
                context.Response.Headers.RetryAfter = retryAfter.ToString();
                return Results.StatusCode(429);
            }
            Accepted.Enqueue((id, _clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow));
            return Results.Text("p-" + id);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri BaseAddress { get; }

    /// <summary>Accepted messages: id, seconds since the provider started, wall-clock instant.</summary>
    public ConcurrentQueue<(string Id, double Seconds, DateTimeOffset At)> Accepted { get; } = new();

    /// <summary>Seconds (since start) of each 429 answer.</summary>
    public ConcurrentQueue<double> Throttles { get; } = new();

    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>429s given because one chat got a second message within a second (the rest: the overall bucket).</summary>
    public int PerChatRefusals { get; private set; }
    private int _throttled;

    public double Seconds => _clock.Elapsed.TotalSeconds;

    private bool TryAccept(string chat, out int retryAfter)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _tokens = Math.Min(_rate, _tokens + (now - _last) * _rate);
            _last = now;
            retryAfter = 1;
            if (_tokens < 1) return false;
            if (_chatLast.TryGetValue(chat, out var last) && now - last < 1.0) { PerChatRefusals++; return false; }
            _tokens -= 1;
            _chatLast[chat] = now;
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

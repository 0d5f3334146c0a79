using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>LoopbackProvider: a fake messaging provider on 127.0.0.1:0 that rate-limits (429 with Retry-After) and fails or stalls a share of requests.</summary>
/// <remarks>
/// A stalled request is never accepted (it answers 504 late), like a provider that lost it; a provider that accepted
/// and answered too late would make a duplicate no sender can avoid.
/// </remarks>
public sealed class LoopbackProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _tokens;
    private double _lastSeconds;
    private int _requests;

    /// <param name="ratePerSecond">Accepted requests per second (bucket of one second's worth); 0 for no limit.</param>
    /// <param name="failEvery">Every n-th request answers 500 (0: never).</param>
    /// <param name="stallEvery">Every n-th request stalls for <paramref name="stall"/> then answers 504 (0: never).</param>
    public LoopbackProvider(double ratePerSecond = 0, int failEvery = 0, int stallEvery = 0, TimeSpan? stall = null)
    {
        _tokens = ratePerSecond;
        _app = LoopbackApp.CreateBuilder().Build();
        _app.MapPost("/send", async (HttpContext context) =>
        {
            var id = context.Request.Query["id"].ToString();
            var n = Interlocked.Increment(ref _requests);
            if (stallEvery > 0 && n % stallEvery == 0)
            {
                await Task.Delay(stall ?? TimeSpan.FromSeconds(2));
                return Results.StatusCode(504);
            }
            if (failEvery > 0 && n % failEvery == 0) return Results.StatusCode(500);
            if (ratePerSecond > 0 && !TryTake(ratePerSecond))
            {
                Interlocked.Increment(ref _throttled);
                context.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(429);
            }
            Accepted.AddOrUpdate(id, 1, (_, count) => count + 1);
            return Results.Text("p-" + id);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseAddress = new Uri(LoopbackApp.AddressOf(_app));
    }

    public Uri BaseAddress { get; }

    /// <summary>Times each message id was accepted.</summary>
    public ConcurrentDictionary<string, int> Accepted { get; } = new();

    public int Throttled => Volatile.Read(ref _throttled);
    private int _throttled;

    private bool TryTake(double rate)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _tokens = Math.Min(rate, _tokens + (now - _lastSeconds) * rate);
            _lastSeconds = now;
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

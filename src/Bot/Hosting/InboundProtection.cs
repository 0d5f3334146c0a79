using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OutreachBot.Bot.Hosting;

/// <summary>InboundProtection: the public endpoints (webhooks, simulator) are rate-limited per client address and share the <see cref="InboundGate"/>.</summary>
/// <remarks>
/// The limit is ASP.NET Core's rate limiter, a fixed window per client IP, answering 429; the defaults are far above what
/// Telegram or Twilio send from one address. Loopback clients (the terminal chat, a reverse proxy on the same machine)
/// are not limited: behind a proxy every client has the proxy's address, so limit there instead.
/// </remarks>
public static class InboundProtection
{
    /// <summary>AddInboundProtection binds "Inbound" and registers the gate and the rate limiter.</summary>
    public static IServiceCollection AddInboundProtection(this IServiceCollection services)
    {
        services.AddOptions<InboundOptions>().BindConfiguration(InboundOptions.Section)
            .Validate(o => o.MaxPending is >= 1 and <= 1_000_000, "Inbound:MaxPending must be between 1 and 1000000.")
            .Validate(o => o.RateLimit >= 0, "Inbound:RateLimit must be 0 (off) or more.")
            .Validate(o => o.RateWindow > TimeSpan.Zero, "Inbound:RateWindow must be positive, e.g. 00:00:10.")
            .ValidateOnStart();
        services.AddSingleton<InboundGate>();
        services.AddSingleton<RateLimitRefusals>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PartitionOf);
            limiter.OnRejected = (context, _) =>
            {
                var http = context.HttpContext;
                var (count, log) = http.RequestServices.GetRequiredService<RateLimitRefusals>().Refused();
                if (log)
                {
                    http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InboundProtection)).LogWarning(
                        "Inbound:RateLimit: {Path} from {Client} refused with 429 ({Count} refused so far)", http.Request.Path, http.Connection.RemoteIpAddress, count);
                }
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>UseInboundProtection adds the rate limiter and the gate in front of the endpoints.</summary>
    public static WebApplication UseInboundProtection(this WebApplication app)
    {
        app.UseRateLimiter();
        app.Use(GateAsync);
        return app;
    }

    /// <summary>IsPublic: the endpoints providers and people call (webhooks, simulator), as opposed to /healthz and /metrics.</summary>
    internal static bool IsPublic(PathString path) =>
        path.StartsWithSegments("/webhooks") || path.StartsWithSegments("/api/simulator");

    private static RateLimitPartition<string> PartitionOf(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<InboundOptions>>().Value;
        var client = http.Connection.RemoteIpAddress;
        // No address is the in-process test server.
        if (options.RateLimit == 0 || !IsPublic(http.Request.Path) || client is null || IPAddress.IsLoopback(client))
            return RateLimitPartition.GetNoLimiter("unlimited");
        return RateLimitPartition.GetFixedWindowLimiter(client.ToString(), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.RateLimit,
            Window = options.RateWindow,
            QueueLimit = 0,
        });
    }

    /// <summary>RateLimitRefusals counts the 429 answers, for the log.</summary>
    internal sealed class RateLimitRefusals
    {
        private long _count;

        public (long Count, bool Log) Refused()
        {
            var count = Interlocked.Increment(ref _count);
            return (count, InboundGate.IsPowerOfTen(count));
        }
    }

    private static async Task GateAsync(HttpContext http, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !IsPublic(http.Request.Path))
        {
            await next(http);
            return;
        }
        var gate = http.RequestServices.GetRequiredService<InboundGate>();
        using var place = gate.TryEnter();
        if (place is null)
        {
            if (gate.Refused() is (var count, true))
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InboundGate)).LogWarning(
                    "{Path} refused with 503: Inbound:MaxPending messages are already waiting to be stored ({Count} refused so far)", http.Request.Path, count);
            }
            http.Response.Headers.RetryAfter = "1";
            await Results.Problem(detail: "Too many messages are waiting to be stored; send this one again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
            return;
        }
        await next(http);
    }
}

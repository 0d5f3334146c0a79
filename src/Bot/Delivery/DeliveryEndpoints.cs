using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Content;
using OutreachBot.Bot.Hosting;
using OutreachBot.Storage;
using Prometheus;

namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryEndpoints: maps <c>/metrics</c> (Prometheus text from the injected registry) and <c>/healthz</c>.</summary>
public static class DeliveryEndpoints
{
    /// <summary>How long /healthz waits for the storage thread to answer a read before calling it stuck.</summary>
    internal static readonly TimeSpan StorageAnswerTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context, CollectorRegistry registry, DeliveryMetrics metrics, DeliveryQueues queues) =>
        {
            metrics.ObserveBacklog(queues.All);
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        }).AddEndpointFilter<MetricsAccessFilter>();
        app.MapGet("/healthz", HealthAsync);
        return app;
    }

    /// <summary>HealthAsync: 200 "ok" while storage answers and the delivery workers run; 503 naming what is wrong otherwise.</summary>
    /// <remarks>Content files left out follow on their own lines: the service runs without them, so they do not make it unhealthy.</remarks>
    private static async Task<IResult> HealthAsync(DeliveryHealth delivery, IStorageHealth storage, ContentReloader content, TimeProvider time, CancellationToken ct)
    {
        var details = string.Concat(content.Details().Select(d => "\n" + d));
        if (await storage.ProblemAsync(StorageAnswerTimeout, time, ct) is { } problem)
            return Results.Text("storage " + problem + details, statusCode: StatusCodes.Status503ServiceUnavailable);
        if (delivery.Standby) return Results.Text("ok: standby, another instance delivers" + details);
        return delivery.Running
            ? Results.Text("ok" + details)
            : Results.Text((delivery.Error is null ? "starting" : "delivery stopped") + details, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
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
    private static async Task<IResult> HealthAsync(DeliveryHealth delivery, StorageWriter storage, TimeProvider time, CancellationToken ct)
    {
        if (await StorageProblemAsync(storage, time, ct) is { } problem)
            return Results.Text("storage " + problem, statusCode: StatusCodes.Status503ServiceUnavailable);
        return delivery.Running
            ? Results.Text("ok")
            : Results.Text(delivery.Error is null ? "starting" : "delivery stopped", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>StorageProblemAsync: null while the storage thread answers a read in time; else what is wrong with it.</summary>
    private static async Task<string?> StorageProblemAsync(StorageWriter storage, TimeProvider time, CancellationToken ct)
    {
        if (storage.Failure is { } failure) return $"stopped: {failure.GetType().Name}: {failure.Message}";
        try
        {
            await storage.ReadAsync(_ => true).WaitAsync(StorageAnswerTimeout, time, ct);
            return null;
        }
        catch (TimeoutException)
        {
            return $"not answering: a read waited {StorageAnswerTimeout.TotalSeconds:0} s behind {storage.QueueLength} requests";
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return $"failing: {ex.GetType().Name}: {ex.Message}";
        }
    }
}

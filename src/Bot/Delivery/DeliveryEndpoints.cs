using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryEndpoints: maps <c>/metrics</c> (Prometheus text from the injected registry) and <c>/healthz</c>.</summary>
public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context, CollectorRegistry registry, DeliveryMetrics metrics, DeliveryQueues queues) =>
        {
            metrics.ObserveBacklog(queues.All);
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        app.MapGet("/healthz", (DeliveryHealth health) => health.Running
            ? Results.Text("ok")
            : Results.Text(health.Error is null ? "starting" : "delivery stopped", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}

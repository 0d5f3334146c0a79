using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OutreachBot.Bot.Pipeline;
using Prometheus;

namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryServiceCollectionExtensions: registers the delivery engine (the host registers LiteStore, StorageWriter and the channel senders).</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>AddDelivery binds and validates section "Delivery" and adds the worker, the outbox signal, the bulk outbox and the metrics.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => Metrics.NewCustomRegistry());
        services.TryAddSingleton<DeliveryMetrics>();
        services.TryAddSingleton(sp => new DeliveryEngineParts(
            sp.GetRequiredService<IOptions<DeliveryOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DeliveryMetrics>(),
            sp.GetService<IDeliveryCrashHook>()));
        services.TryAddSingleton<DeliveryQueues>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<DeliveryQueues>());
        services.TryAddSingleton<BulkOutbox>();
        services.TryAddSingleton<DeliveryHealth>();
        services.AddHostedService<DeliveryWorker>();
        return services;
    }
}

namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryEngineParts: the shared policy objects every channel dispatcher uses, built once from the options.</summary>
public sealed class DeliveryEngineParts(
    DeliveryOptions options,
    TimeProvider time,
    DeliveryMetrics metrics,
    IDeliveryCrashHook? crashHook = null)
{
    public DeliveryOptions Options { get; } = options;
    public TimeProvider Time { get; } = time;
    public DeliveryMetrics Metrics { get; } = metrics;
    public IDeliveryCrashHook? CrashHook { get; } = crashHook;
    public QuietHours QuietHours { get; } = new(options.QuietHours);
    public LoopGuard LoopGuard { get; } = new(options.LoopGuard);
    public RetryPolicy Retry { get; } = new(options);

    /// <summary>Messages claimed and not yet settled by this process, which the lease sweep must not requeue.</summary>
    public InFlightMessages InFlight { get; } = new();
    public OutcomeSettler Settler => new(Retry);
}

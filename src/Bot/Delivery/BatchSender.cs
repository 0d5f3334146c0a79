using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Channels;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>BatchSender: sends a claimed batch (per-chat spacing and the send gate at each call's start) and settles it in one write.</summary>
/// <remarks>Sends of a batch run in parallel, but messages to one URN go in order. Thread-safe; owned by one <see cref="ChannelDispatcher"/>.</remarks>
public sealed class BatchSender(
    IChannelSender sender,
    DeliveryQueues queues,
    StorageWriter writer,
    DeliveryEngineParts parts,
    ILogger logger)
{
    private readonly MonotonicClock _clock = new(parts.Time);
    private readonly AsyncSignal _slotFreed = new();
    private readonly Lock _inFlightLock = new();
    private readonly HashSet<Task> _inFlightTasks = [];
    private readonly TimeProvider _time = parts.Time;
    private readonly RecipientSpacing _spacing = new(parts.Options.RatesFor(sender.Channel).PerRecipientRate);
    private readonly SendGate _gate = new(parts.Options.RatesFor(sender.Channel));
    private readonly ChannelThrottle _costs = new(parts.Options.RatesFor(sender.Channel), parts.Time.GetUtcNow());
    private int _inFlight;
    private long _pauseUntilTicks;

    public string Channel => sender.Channel;

    /// <summary>Clock the sender's buckets and gate run on; the dispatcher uses the same one.</summary>
    public MonotonicClock Clock => _clock;

    /// <summary>Messages claimed and not yet settled.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>SlotFreed returns a task completed when a batch settles after this call.</summary>
    public Task SlotFreed() => _slotFreed.Next();

    /// <summary>GateBacklog is how long a call booked now would wait behind calls already claimed.</summary>
    public TimeSpan GateBacklog(DateTimeOffset tick) => _gate.Backlog(tick);

    /// <summary>TakePause returns (once) the instant a provider's retry-after asked the sender to wait until, if any.</summary>
    public DateTimeOffset? TakePause()
    {
        var ticks = Interlocked.Exchange(ref _pauseUntilTicks, 0);
        return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>Start sends and settles <paramref name="claimed"/> in the background.</summary>
    public void Start(List<OutboxMessage> claimed)
    {
        Interlocked.Add(ref _inFlight, claimed.Count);
        var task = SendAndSettleAsync(claimed);
        lock (_inFlightLock) _inFlightTasks.Add(task);
        _ = task.ContinueWith(done => { lock (_inFlightLock) _inFlightTasks.Remove(done); }, TaskScheduler.Default);
    }

    /// <summary>DrainAsync waits for the batches in flight.</summary>
    public Task DrainAsync()
    {
        Task[] pending;
        lock (_inFlightLock) pending = [.. _inFlightTasks];
        return Task.WhenAll(pending);
    }

    private async Task SendAndSettleAsync(List<OutboxMessage> claimed)
    {
        try
        {
            var perUrn = await Task.WhenAll(claimed.GroupBy(m => m.Urn).Select(SendInOrderAsync)).ConfigureAwait(false);
            var outcomes = perUrn.SelectMany(x => x).ToList();
            if (parts.CrashHook is { } hook) await hook.AfterSendAsync(claimed, CancellationToken.None).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var settlement = await writer.WriteAsync(store => parts.Settler.Settle(store, outcomes)).ConfigureAwait(false);
            Apply(settlement, now);
        }
        catch (Exception ex)
        {
            // The claims stay durable; their leases expire and the next start retries them.
            logger.LogError(ex, "Settling {Count} messages on {Channel} failed", claimed.Count, Channel);
        }
        finally
        {
            Interlocked.Add(ref _inFlight, -claimed.Count);
            _slotFreed.Set();
        }
    }

    private async Task<List<Outcome>> SendInOrderAsync(IEnumerable<OutboxMessage> messages)
    {
        var results = new List<Outcome>();
        foreach (var message in messages)
        {
            if (_spacing.Enabled && _spacing.Reserve(message.Urn, _clock.Now) is var wait && wait > TimeSpan.Zero)
                await Task.Delay(wait, _time).ConfigureAwait(false);
            if (_gate.Reserve(_costs.CostOf(message), _clock.Now) is var gateWait && gateWait > TimeSpan.Zero)
                await Task.Delay(gateWait, _time).ConfigureAwait(false);
            var result = await SendOneAsync(message).ConfigureAwait(false);
            var at = _time.GetUtcNow();
            // The pause starts when the provider says so, before the outcome is even written.
            if (result is SendResult.Throttled throttled) Pause(_clock.Now + throttled.RetryAfter);
            results.Add(new Outcome(message, result, at));
        }
        return results;
    }

    private void Pause(DateTimeOffset until)
    {
        _gate.PauseUntil(until);
        long seen;
        do { seen = Volatile.Read(ref _pauseUntilTicks); }
        while (until.UtcTicks > seen && Interlocked.CompareExchange(ref _pauseUntilTicks, until.UtcTicks, seen) != seen);
    }

    private async Task<SendResult> SendOneAsync(OutboxMessage message)
    {
        var timeoutAfter = parts.Options.SendTimeout;
        using var timeout = new CancellationTokenSource(timeoutAfter, _time);
        try
        {
            return await sender.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new SendResult.TransientFailure($"no answer within {timeoutAfter}");
        }
        catch (Exception ex)
        {
            return new SendResult.TransientFailure($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Apply(Settlement settlement, DateTimeOffset now)
    {
        foreach (var message in settlement.Sent) parts.Metrics.Sent(message, now);
        foreach (var (message, code) in settlement.Failed) parts.Metrics.Failed(message, code);
        foreach (var message in settlement.Retried) parts.Metrics.Retried(message);
        for (var i = 0; i < settlement.Throttles; i++) parts.Metrics.Throttled(Channel);
        if (settlement.PauseUntil is { } until)
            logger.LogWarning("Channel {Channel} throttled by the provider; pausing until {Until:O}", Channel, until);
        foreach (var message in settlement.Requeued) queues.Requeue(message);
        foreach (var message in settlement.KeepPlace) queues.Requeue(message, message.CreatedAt);
    }
}

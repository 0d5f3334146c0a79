using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Channels;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>BatchSender: sends a claimed batch (per-chat spacing and the send gate at each call's start) and settles each message as soon as its call returns.</summary>
/// <remarks>
/// Sends of a batch run in parallel, but messages to one URN go in order. Each outcome is written as soon as its call
/// returns (outcomes that return while a write is in flight share the next one, see <see cref="OutcomeWriter"/>), so a
/// crash resends at most the messages whose calls were in flight or whose outcomes were not yet written, not a whole batch. Thread-safe; owned by one <see cref="ChannelDispatcher"/>.
/// </remarks>
public sealed class BatchSender(
    IChannelSender sender,
    DeliveryQueues queues,
    IOutboxStore outbox,
    DeliveryEngineParts parts,
    ILogger logger)
{
    private readonly MonotonicClock _clock = new(parts.Time);
    private readonly OutcomeWriter _outcomes = new(outbox, parts.Settler);
    private readonly AsyncSignal _slotFreed = new();
    private readonly Lock _inFlightLock = new();
    private readonly HashSet<Task> _inFlightTasks = [];
    private readonly TimeProvider _time = parts.Time;
    private readonly RecipientSpacing _spacing = new(parts.Options.RatesFor(sender.Channel).PerRecipientRate);
    private readonly SendGate _gate = new(parts.Options.RatesFor(sender.Channel), parts.Options.ArrivalJitter);
    private readonly ChannelThrottle _costs = new(parts.Options.RatesFor(sender.Channel), parts.Time.GetUtcNow());
    private int _inFlight;
    private long _pauseUntilTicks;

    public string Channel => sender.Channel;

    /// <summary>Clock the sender's buckets and gate run on; the dispatcher uses the same one.</summary>
    public MonotonicClock Clock => _clock;

    /// <summary>Messages claimed and not yet settled.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>SlotFreed returns a task completed when a message settles after this call.</summary>
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
        foreach (var chat in claimed.GroupBy(m => m.Urn))
        {
            var task = SendInOrderAsync([.. chat]);
            lock (_inFlightLock) _inFlightTasks.Add(task);
            _ = task.ContinueWith(done => { lock (_inFlightLock) _inFlightTasks.Remove(done); }, TaskScheduler.Default);
        }
    }

    /// <summary>DrainAsync waits for the messages in flight.</summary>
    public Task DrainAsync()
    {
        Task[] pending;
        lock (_inFlightLock) pending = [.. _inFlightTasks];
        return Task.WhenAll(pending);
    }

    private async Task SendInOrderAsync(List<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            (Settlement Settlement, DateTimeOffset At)? settled = null;
            try
            {
                settled = await SendAndSettleAsync(message).ConfigureAwait(false);
            }
            finally
            {
                // Out of flight before it can be queued again, so a fresh claim of it is never taken for this one.
                parts.InFlight.Remove(message.Id);
                Interlocked.Decrement(ref _inFlight);
                _slotFreed.Set();
            }
            if (settled is var (settlement, at)) Apply(settlement, at);
        }
    }

    /// <summary>SendAndSettleAsync makes the provider call and writes its outcome; null when the write failed.</summary>
    private async Task<(Settlement, DateTimeOffset)?> SendAndSettleAsync(OutboxMessage message)
    {
        // The recipient's turn first (in order, a gap after its previous call was answered), then the sender's bucket.
        // Counting the gap from the answer, not from when the call left, keeps it whole at the provider however long
        // the call took to arrive (seen on a loaded machine: 430 ms between two arrivals at 1/s counted from departures).
        using var turn = _spacing.Enabled ? _spacing.Enter(message.Urn, _clock.Now) : null;
        if (turn is not null) await turn.WaitAsync(() => _clock.Now, _time).ConfigureAwait(false);
        if (_gate.Reserve(_costs.CostOf(message), _clock.Now) is var gateWait && gateWait > TimeSpan.Zero)
            await Task.Delay(gateWait, _time).ConfigureAwait(false);
        SendResult result;
        try
        {
            result = await SendOneAsync(message).ConfigureAwait(false);
        }
        finally
        {
            turn?.Left(_clock.Now);
        }
        var at = _time.GetUtcNow();
        // The pause starts when the provider says so, before the outcome is even written.
        if (result is SendResult.Throttled throttled) Pause(_clock.Now + throttled.RetryAfter);
        try
        {
            if (parts.CrashHook is { } hook) await hook.AfterSendAsync(message, result, CancellationToken.None).ConfigureAwait(false);
            return (await _outcomes.SettleAsync(new Outcome(message, result, at)).ConfigureAwait(false), at);
        }
        catch (Exception ex)
        {
            // The claim stays durable: once its lease runs out, the lease sweep (or the next start) sends it again.
            logger.LogError(ex, "Settling outbox {OutboxId} on {Channel} failed", message.Id, Channel);
            return null;
        }
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
        foreach (var message in settlement.Lost)
            logger.LogWarning("Outbox {OutboxId} on {Channel} was requeued or settled by someone else while in flight; this outcome is dropped", message.Id, Channel);
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

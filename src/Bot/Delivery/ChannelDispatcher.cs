using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Channels;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Delivery;

/// <summary>ChannelDispatcher: one channel's send loop: picks due messages (replies first), throttles, claims, sends, settles.</summary>
/// <remarks>
/// Each round claims a whole batch in one write request (status Sending with a lease, durable before any provider
/// call) and settles a sent batch in another, so the storage writer sees two commits per batch, never one per message.
/// Sends of a batch run in parallel, but messages to one URN go in order.
/// </remarks>
public sealed class ChannelDispatcher(
    IChannelSender sender,
    DeliveryQueues queues,
    StorageWriter writer,
    DeliveryEngineParts parts,
    ILogger logger)
{
    private readonly OutboxLanes _lanes = queues.For(sender.Channel);
    private readonly AsyncSignal _slotFreed = new();
    private readonly Lock _inFlightLock = new();
    private readonly HashSet<Task> _inFlightTasks = [];
    private int _inFlight;
    private long _pauseUntilTicks;
    private readonly DeliveryOptions _options = parts.Options;
    private readonly TimeProvider _time = parts.Time;
    private readonly long _originTimestamp = parts.Time.GetTimestamp();
    private readonly DateTimeOffset _originWall = parts.Time.GetUtcNow();
    private readonly RecipientSpacing _spacing = new(parts.Options.RatesFor(sender.Channel).PerRecipientRate);

    public string Channel => sender.Channel;

    /// <summary>Monotonic returns an instant from the monotonic timestamp: the buckets must not jump when the wall clock is stepped.</summary>
    private DateTimeOffset Monotonic() => _originWall + _time.GetElapsedTime(_originTimestamp);

    /// <summary>RunAsync loops until <paramref name="stoppingToken"/> fires, then waits for the batches in flight.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var throttle = new ChannelThrottle(_options.RatesFor(Channel), Monotonic());
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RoundAsync(throttle, stoppingToken).ConfigureAwait(false)) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A store or sender fault must not kill the channel: log, wait a little, go on.
                logger.LogError(ex, "Delivery round failed on channel {Channel}", Channel);
                try { await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
        Task[] pending;
        lock (_inFlightLock) pending = [.. _inFlightTasks];
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    /// <summary>RoundAsync does one round; it returns false when it found nothing to do and waited.</summary>
    private async Task<bool> RoundAsync(ChannelThrottle throttle, CancellationToken stoppingToken)
    {
        var workSignal = _lanes.WorkSignal();
        var slotSignal = _slotFreed.Next();
        var now = _time.GetUtcNow();
        var tick = Monotonic();
        var pauseTicks = Interlocked.Exchange(ref _pauseUntilTicks, 0);
        if (pauseTicks != 0) throttle.Pause(new DateTimeOffset(pauseTicks, TimeSpan.Zero));

        var room = Math.Min(_options.ClaimBatch, _options.MaxInFlight - Volatile.Read(ref _inFlight));
        var picked = new List<OutboxMessage>();
        var looping = new List<OutboxMessage>();
        var nextWake = DateTimeOffset.MaxValue;
        if (room > 0)
        {
            var senderWait = false;
            Pick Choose(OutboxMessage message)
            {
                if (picked.Count >= room) return Pick.Stop;
                if (!parts.LoopGuard.Allows(message.Id, message.ContactId, message.Text, now)) { looping.Add(message); return Pick.Take; }
                var decision = throttle.TryAcquire(message, tick);
                if (decision.Allowed)
                {
                    parts.LoopGuard.Record(message.Id, message.ContactId, message.Text, now);
                    picked.Add(message);
                    return Pick.Take;
                }
                if (decision.RecipientOnly) return Pick.Defer(now + decision.Wait);
                senderWait = true;
                if (now + decision.Wait < nextWake) nextWake = now + decision.Wait;
                return Pick.Stop;
            }

            _lanes.TakeDue(OutboxPriority.Reply, now, Choose, ref nextWake);
            if (!senderWait && picked.Count < room)
            {
                var heldUntil = parts.QuietHours.Applies(Channel) ? parts.QuietHours.HeldUntil(now) : null;
                if (heldUntil is null) _lanes.TakeDue(OutboxPriority.Bulk, now, Choose, ref nextWake);
                else if (heldUntil < nextWake) nextWake = heldUntil.Value;
            }
        }

        if (picked.Count == 0 && looping.Count == 0)
        {
            await WaitAsync(now, nextWake, room > 0 ? workSignal : slotSignal, stoppingToken).ConfigureAwait(false);
            return false;
        }

        var claimed = await ClaimAsync(picked, looping, now).ConfigureAwait(false);
        if (claimed.Count > 0) StartBatch(claimed);
        return true;
    }

    private async Task WaitAsync(DateTimeOffset now, DateTimeOffset wake, Task signal, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = wake == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : wake - now;
        if (delay != Timeout.InfiniteTimeSpan && delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        var timer = Task.Delay(delay, _time, cts.Token);
        await Task.WhenAny(signal, timer).ConfigureAwait(false);
        cts.Cancel();
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>ClaimAsync fails looping messages and claims the picked ones, all in one write request.</summary>
    private async Task<List<OutboxMessage>> ClaimAsync(List<OutboxMessage> picked, List<OutboxMessage> looping, DateTimeOffset now)
    {
        var leaseUntil = now + _options.LeaseTime;
        var (claimed, failed, notDue) = await writer.WriteAsync(store =>
        {
            var failed = new List<(OutboxMessage, string)>();
            foreach (var message in looping)
            {
                var current = store.Outbox.FindById(message.Id);
                if (current is not { Status: OutboxStatus.Queued }) continue;
                OutboxRepository.Fail(store, current, "loop_guard", $"more than {_options.LoopGuard.MaxIdentical} identical messages within {_options.LoopGuard.Window}");
                failed.Add((current, "loop_guard"));
            }
            var claimed = OutboxRepository.Claim(store, picked.Select(m => m.Id), now, leaseUntil);
            // Picked but not yet due in the store (a stale hint): it goes back to its lane rather than out of memory.
            var claimedIds = claimed.Select(m => m.Id).ToHashSet();
            var notDue = picked.Where(m => !claimedIds.Contains(m.Id))
                .Select(m => store.Outbox.FindById(m.Id)).Where(m => m is { Status: OutboxStatus.Queued }).ToList();
            // A contact the channel refused earlier gets no more bulk; a reply answers their own new message, so it goes.
            foreach (var message in claimed.Where(m => m.Priority == OutboxPriority.Bulk && OutboxRepository.IsBlocked(store, m.ContactId)).ToList())
            {
                OutboxRepository.Fail(store, message, "contact_blocked", "the contact refused delivery earlier");
                failed.Add((message, "contact_blocked"));
                claimed.Remove(message);
            }
            return (claimed, failed, notDue);
        }).ConfigureAwait(false);
        foreach (var message in notDue) queues.Requeue(message);
        foreach (var (message, code) in failed) parts.Metrics.Failed(message, code);
        if (failed.Count > 0) logger.LogWarning("{Count} messages on {Channel} failed before sending (loop guard or blocked contact)", failed.Count, Channel);
        return claimed;
    }

    private void StartBatch(List<OutboxMessage> claimed)
    {
        Interlocked.Add(ref _inFlight, claimed.Count);
        var task = SendAndSettleAsync(claimed);
        lock (_inFlightLock) _inFlightTasks.Add(task);
        _ = task.ContinueWith(done => { lock (_inFlightLock) _inFlightTasks.Remove(done); }, TaskScheduler.Default);
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
            if (_spacing.Enabled && _spacing.Reserve(message.Urn, Monotonic()) is var wait && wait > TimeSpan.Zero)
                await Task.Delay(wait, _time).ConfigureAwait(false);
            var result = await SendOneAsync(message).ConfigureAwait(false);
            var at = _time.GetUtcNow();
            // The pause starts when the provider says so, before the outcome is even written.
            if (result is SendResult.Throttled throttled) PauseSender(Monotonic() + throttled.RetryAfter);
            results.Add(new Outcome(message, result, at));
        }
        return results;
    }

    private void PauseSender(DateTimeOffset until)
    {
        long seen;
        do { seen = Volatile.Read(ref _pauseUntilTicks); }
        while (until.UtcTicks > seen && Interlocked.CompareExchange(ref _pauseUntilTicks, until.UtcTicks, seen) != seen);
    }

    private async Task<SendResult> SendOneAsync(OutboxMessage message)
    {
        using var timeout = new CancellationTokenSource(_options.SendTimeout, _time);
        try
        {
            return await sender.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new SendResult.TransientFailure($"no answer within {_options.SendTimeout}");
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
        {
            logger.LogWarning("Channel {Channel} throttled by the provider; pausing until {Until:O}", Channel, until);
        }
        foreach (var message in settlement.Requeued) queues.Requeue(message);
        foreach (var message in settlement.KeepPlace) queues.Requeue(message, message.CreatedAt);
    }
}

using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Channels;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Delivery;

/// <summary>ChannelDispatcher: one channel's loop: picks due messages (replies first), throttles, claims them, hands them to its <see cref="BatchSender"/>.</summary>
/// <remarks>
/// Each round claims a whole batch in one write request (status Sending with a lease, durable before any provider
/// call); each message is then settled by its own write as soon as its call returns (see <see cref="BatchSender"/>).
/// </remarks>
public sealed class ChannelDispatcher(
    IChannelSender sender,
    DeliveryQueues queues,
    IOutboxStore outbox,
    DeliveryEngineParts parts,
    ILogger logger)
{
    private static readonly TimeSpan GateHorizon = TimeSpan.FromMilliseconds(50);
    private readonly OutboxLanes _lanes = queues.For(sender.Channel);
    private readonly DeliveryOptions _options = parts.Options;
    private readonly TimeProvider _time = parts.Time;
    private readonly BatchSender _batches = new(sender, queues, outbox, parts, logger);

    public string Channel => sender.Channel;

    /// <summary>RunAsync loops until <paramref name="stoppingToken"/> fires, then waits for the batches in flight.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var rates = _options.RatesFor(Channel);
        // The provider's limits are per sender, not per instance. On a shared store another instance may have been
        // delivering until a moment ago (this one took over its role): the provider's bucket may be spent and a chat
        // may just have had its message, so this dispatcher earns its burst and each chat's first slot from now.
        var coldStart = outbox.SharedByInstances;
        var throttle = new ChannelThrottle(rates, _batches.Clock.Now, startEmpty: coldStart);
        logger.LogInformation("Dispatcher for {Channel} started: {Rate}/s, burst {Burst}, {PerRecipient}/s per recipient{Cold}", Channel, rates.Rate, rates.Burst, rates.PerRecipientRate,
            coldStart ? ", buckets empty (another instance may have just sent)" : "");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RoundAsync(throttle, rates, stoppingToken).ConfigureAwait(false)) continue;
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
        await _batches.DrainAsync().ConfigureAwait(false);
    }

    /// <summary>RoundAsync does one round; it returns false when it found nothing to do and waited.</summary>
    private async Task<bool> RoundAsync(ChannelThrottle throttle, ChannelRateOptions rates, CancellationToken stoppingToken)
    {
        var workSignal = _lanes.WorkSignal();
        var slotSignal = _batches.SlotFreed();
        var now = _time.GetUtcNow();
        var tick = _batches.Clock.Now;
        if (_batches.TakePause() is { } pauseUntil) throttle.Pause(pauseUntil);

        var room = Math.Min(_options.ClaimBatch, _options.MaxInFlight - _batches.InFlight);
        var nextWake = DateTimeOffset.MaxValue;
        // Claim no further ahead than the send gate can go soon, so a reply arriving now waits behind little bulk.
        var gateBacklog = _batches.GateBacklog(tick);
        if (gateBacklog > GateHorizon)
        {
            room = 0;
            nextWake = now + (gateBacklog - GateHorizon);
        }
        var picked = new List<OutboxMessage>();
        var looping = new List<OutboxMessage>();
        if (room > 0)
        {
            var senderWait = false;
            var planned = gateBacklog;
            Pick Choose(OutboxMessage message)
            {
                if (picked.Count >= room || (picked.Count > 0 && planned > GateHorizon)) return Pick.Stop;
                if (!parts.LoopGuard.Allows(message.Id, message.ContactId, message.Text, now)) { looping.Add(message); return Pick.Take; }
                var decision = throttle.TryAcquire(message, tick);
                if (decision.Allowed)
                {
                    parts.LoopGuard.Record(message.Id, message.ContactId, message.Text, now);
                    picked.Add(message);
                    planned += TimeSpan.FromSeconds(throttle.CostOf(message) / rates.Rate);
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
            await WaitAsync(now, nextWake, room > 0 || gateBacklog > GateHorizon ? workSignal : slotSignal, stoppingToken).ConfigureAwait(false);
            return false;
        }

        var claimed = await ClaimAsync(picked, looping, now).ConfigureAwait(false);
        if (claimed.Count > 0) _batches.Start(claimed);
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
        // In flight from before the claim commits, so no lease sweep can take a message between its claim and its send.
        foreach (var message in picked) parts.InFlight.Add(message.Id);
        var claim = outbox.WriteAsync(changes =>
        {
            var failed = new List<(OutboxMessage, string)>();
            foreach (var message in looping)
            {
                var current = changes.Find(message.Id);
                if (current is not { Status: OutboxStatus.Queued }) continue;
                OutboxRepository.Fail(changes, current, "loop_guard", $"more than {_options.LoopGuard.MaxIdentical} identical messages within {_options.LoopGuard.Window}");
                failed.Add((current, "loop_guard"));
            }
            var claimed = changes.Claim(picked.Select(m => m.Id), now, leaseUntil).ToList();
            // Picked but not yet due in the store (a stale hint): it goes back to its lane rather than out of memory.
            var claimedIds = claimed.Select(m => m.Id).ToHashSet();
            var notDue = picked.Where(m => !claimedIds.Contains(m.Id))
                .Select(m => changes.Find(m.Id)).OfType<OutboxMessage>().Where(m => m.Status == OutboxStatus.Queued).ToList();
            // The contact's status is read again now: a STOP (or a refusal) may have come since the message was queued.
            failed.AddRange(OutboxOptOut.FailRefused(changes, claimed));
            // An SMS goes only to a number its contact owns, or a one-time code to the number it proves.
            failed.AddRange(ProvenNumberGuard.FailUnproven(changes, claimed));
            return (claimed, failed, notDue);
        });
        (List<OutboxMessage> Claimed, List<(OutboxMessage Message, string Code)> Failed, List<OutboxMessage> NotDue) result;
        try
        {
            result = await claim.ConfigureAwait(false);
        }
        catch
        {
            foreach (var message in picked) parts.InFlight.Remove(message.Id);
            throw;
        }
        var sending = result.Claimed.Select(m => m.Id).ToHashSet();
        foreach (var message in picked.Where(m => !sending.Contains(m.Id))) parts.InFlight.Remove(message.Id);
        foreach (var message in result.NotDue) queues.Requeue(message);
        foreach (var (message, code) in result.Failed) parts.Metrics.Failed(message, code);
        if (result.Failed.Count > 0) logger.LogWarning("{Count} messages on {Channel} failed before sending (loop guard, opted-out or blocked contact)", result.Failed.Count, Channel);
        return result.Claimed;
    }
}

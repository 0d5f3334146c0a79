using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>OutboxLanes: one channel's queued messages in memory, a reply lane and a bulk lane, each ordered by due time then id.</summary>
/// <remarks>
/// The store stays the truth (a claim re-reads each message and skips those no longer queued); the lanes only make
/// "what is due next" cheap: finding the next reply costs O(log n) whatever the bulk backlog. Thread-safe: producers
/// add from their threads, the channel's dispatcher takes.
/// </remarks>
public sealed class OutboxLanes
{
    private readonly PriorityQueue<OutboxMessage, (DateTimeOffset Due, long Id)> _replies = new();
    private readonly PriorityQueue<OutboxMessage, (DateTimeOffset Due, long Id)> _bulk = new();
    private readonly HashSet<long> _present = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource? _capacityWaiter;
    private int _capacityLimit = int.MaxValue;
    private TaskCompletionSource _work = NewSignal();

    public OutboxLanes(string channel) => Channel = channel;

    public string Channel { get; }

    /// <summary>Bulk messages queued (due or held).</summary>
    public int BulkCount { get { lock (_lock) return _bulk.Count; } }

    public int ReplyCount { get { lock (_lock) return _replies.Count; } }

    /// <summary>Add queues a message (once), by its NextAttemptAt unless <paramref name="laneDue"/> places it earlier, and wakes the dispatcher.</summary>
    public void Add(OutboxMessage message, DateTimeOffset? laneDue = null)
    {
        lock (_lock)
        {
            if (!_present.Add(message.Id)) return;
            LaneOf(message).Enqueue(message, (laneDue ?? message.NextAttemptAt, message.Id));
            _work.TrySetResult();
        }
    }

    /// <summary>TakeDue hands due messages of one lane to <paramref name="pick"/>, in order, until it says stop.</summary>
    /// <remarks><paramref name="pick"/> answers Take, Defer(until) (only this message waits, e.g. its chat's 1/s) or Stop.</remarks>
    public void TakeDue(OutboxPriority lane, DateTimeOffset now, Func<OutboxMessage, Pick> pick, ref DateTimeOffset nextWake)
    {
        lock (_lock)
        {
            var queue = lane == OutboxPriority.Reply ? _replies : _bulk;
            try
            {
                while (queue.TryPeek(out var message, out var key))
                {
                    if (key.Due > now) { if (key.Due < nextWake) nextWake = key.Due; return; }
                    var decision = pick(message);
                    if (decision.Kind == PickKind.Stop) return;
                    queue.Dequeue();
                    if (decision.Kind == PickKind.Defer) queue.Enqueue(message, (decision.Until, message.Id));
                    else _present.Remove(message.Id);
                }
            }
            finally
            {
                if (lane == OutboxPriority.Bulk) ReleaseCapacityWaiter();
            }
        }
    }

    /// <summary>WaitForBulkBelowAsync completes once fewer than <paramref name="limit"/> bulk messages are queued.</summary>
    public async Task WaitForBulkBelowAsync(int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_bulk.Count < limit) return;
                _capacityWaiter ??= NewSignal();
                _capacityLimit = limit;
                wait = _capacityWaiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>WorkSignal returns a task completed when a message is added after this call.</summary>
    public Task WorkSignal()
    {
        lock (_lock)
        {
            if (_work.Task.IsCompleted) _work = NewSignal();
            return _work.Task;
        }
    }

    private PriorityQueue<OutboxMessage, (DateTimeOffset Due, long Id)> LaneOf(OutboxMessage message) =>
        message.Priority == OutboxPriority.Reply ? _replies : _bulk;

    private void ReleaseCapacityWaiter()
    {
        if (_capacityWaiter is null || _bulk.Count >= _capacityLimit) return;
        _capacityWaiter.TrySetResult();
        _capacityWaiter = null;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Pick: a dispatcher's answer about one due message.</summary>
public readonly record struct Pick(PickKind Kind, DateTimeOffset Until)
{
    public static Pick Take => new(PickKind.Take, default);
    public static Pick Stop => new(PickKind.Stop, default);
    public static Pick Defer(DateTimeOffset until) => new(PickKind.Defer, until);
}

/// <summary>PickKind: take the message now, defer only it, or stop taking from the lane.</summary>
public enum PickKind { Take, Defer, Stop }

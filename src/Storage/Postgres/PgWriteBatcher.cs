using System.Threading.Channels;
using Npgsql;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgWriteBatcher: conversation writes waiting at the same time share one transaction (group commit).</summary>
/// <remarks>
/// A few loops (<see cref="Loops"/>) each take the writes waiting, up to <see cref="MaxBatch"/>, take every advisory lock
/// the batch needs in one sorted order, apply the writes in a few round trips for the whole batch
/// (<see cref="PgBatchWrites"/>) and commit once: one synchronous commit, and one WAL flush, for the batch. A write that
/// finds its message stored before or its contact changed stores nothing and says so without disturbing the others. If the transaction fails on a conflict with another instance
/// (a deadlock on row locks, a unique key taken meanwhile) the whole batch is rolled back and every write in it answers
/// <see cref="WriteOutcome.Stale"/>: the pipeline reads again and redoes its pure step, on fresh objects, since this
/// attempt may have changed the ones it was given. Any other refusal by the server of a batch of several answers Stale
/// too, and marks its messages to be committed alone next time, so one write that cannot be stored fails alone (its
/// webhook answers 503 and the provider retries) instead of taking its neighbours with it. An unreachable server fails
/// every write of the batch (503) at once, without retries.
/// </remarks>
internal sealed class PgWriteBatcher : IAsyncDisposable
{
    public const int MaxBatch = 64;
    /// <summary>Loops: batches in flight at once per instance, at most. The second starts only when enough writes wait
    /// (<see cref="JoinAt"/>), so under heavy load the server is kept busy while the next batch gathers; four
    /// halved the batches (28 against 54 messages per transaction) and cost one instance a sixth of its rate on 2 cores
    /// (docs/PERFORMANCE.md).</summary>
    public const int Loops = 2;
    /// <summary>JoinAt: a second batch starts while one commits only when this many writes wait. Below that the waiting
    /// writes gather for the batch after, so an instance with little load (one of three sharing it) commits larger
    /// batches, fewer transactions for the server, instead of two small ones at once: three instances went from 20 to 29
    /// messages per transaction and from 0.76 to 0.82 of one instance's rate (docs/PERFORMANCE.md).</summary>
    public const int JoinAt = MaxBatch / 2;

    private readonly NpgsqlDataSource _data;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _loops;
    private long _commits;
    private readonly Lock _gate = new();
    private int _inFlight;
    private int _gathering;
    private TaskCompletionSource _wake = NewWake();

    /// <summary>Commits: transactions committed so far (a batch is one), for tests and benchmarks.</summary>
    public long Commits => Interlocked.Read(ref _commits);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _alone = new(StringComparer.Ordinal);

    public PgWriteBatcher(NpgsqlDataSource data)
    {
        _data = data;
        _loops = [.. Enumerable.Range(0, Loops).Select(_ => Task.Run(RunAsync))];
    }

    public Task<ConversationWriteResult> WriteAsync(ConversationWrite write)
    {
        var pending = new Pending(write);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PgConversationStore));
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _gathering) > 0 && _queue.Reader.Count >= JoinAt) Wake();
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (GatherFirst() is { } gathered)
            {
                await gathered.ConfigureAwait(false);
                Interlocked.Decrement(ref _gathering);
                continue;
            }
            try
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    if (_alone.TryRemove(next.Write.Inbound.Id, out _)) await CommitOrAnswerAsync([next]).ConfigureAwait(false);
                    else batch.Add(next);
                }
                if (batch.Count > 0) await CommitOrAnswerAsync(batch).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate) _inFlight--;
                Wake();
            }
        }
    }

    /// <summary>GatherFirst: null when this loop may take a batch now (counted in flight), or a task that ends when the
    /// batch in flight commits or enough writes wait (see <see cref="JoinAt"/>).</summary>
    /// <remarks>The gatherer is counted, with a full fence, before it looks at the queue, and a write looks at the count
    /// after it is queued: so either the gatherer sees the write, or the write sees the gatherer and wakes the task it took.</remarks>
    private Task? GatherFirst()
    {
        lock (_gate)
        {
            if (_inFlight > 0)
            {
                var woken = _wake.Task;
                Interlocked.Increment(ref _gathering);
                if (_queue.Reader.Count < JoinAt) return woken;
                Interlocked.Decrement(ref _gathering);
            }
            _inFlight++;
            return null;
        }
    }

    private void Wake()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            woken = _wake;
            _wake = NewWake();
        }
        woken.TrySetResult();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>CommitOrAnswerAsync commits the batch and answers each write, whatever happens.</summary>
    private async Task CommitOrAnswerAsync(List<Pending> batch)
    {
        try
        {
            var results = await CommitAsync(batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(results[i]);
        }
        catch (PostgresException ex) when (IsConflict(ex))
        {
            AnswerStale(batch);
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // The server refused one of the writes, which one is unknown: each goes alone next time (a bounded set,
            // forgotten when a write comes back). A lost connection is not that: it fails every write below, at once.
            if (_alone.Count > 10_000) _alone.Clear();
            foreach (var pending in batch) _alone[pending.Write.Inbound.Id] = 0;
            AnswerStale(batch);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch) pending.Completion.TrySetException(ex);
        }
    }

    private static void AnswerStale(List<Pending> batch)
    {
        foreach (var pending in batch)
            pending.Completion.TrySetResult(new ConversationWriteResult(WriteOutcome.Stale, pending.Write.Contact.Id, []));
    }

    private async Task<ConversationWriteResult[]> CommitAsync(List<Pending> batch)
    {
        await using var connection = await _data.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var keys = batch.SelectMany(p => PgConversationStore.LockKeys(p.Write)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var results = await PgBatchWrites.ApplyAsync(connection, transaction, keys, [.. batch.Select(p => p.Write)]).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _commits);
        return results;
    }

    private static bool IsConflict(PostgresException ex) => ex.SqlState is PostgresErrorCodes.DeadlockDetected
        or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Wake();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private sealed class Pending(ConversationWrite write)
    {
        public ConversationWrite Write { get; } = write;
        public TaskCompletionSource<ConversationWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

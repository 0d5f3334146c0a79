using Npgsql;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgWriteBatcher: conversation writes waiting at the same time share one transaction (group commit).</summary>
/// <remarks>
/// Writes go together in trips (a <see cref="Coalescer{TRequest, TResult}"/>): at most <see cref="Loops"/> at once, each
/// taking the writes waiting, up to <see cref="MaxBatch"/>; a trip takes every advisory lock
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
    private readonly Coalescer<ConversationWrite, ConversationWriteResult> _batches;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _alone = new(StringComparer.Ordinal);
    private long _commits;
    private readonly Lock _gate = new();
    private int _unanswered;
    private bool _disposed;
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Commits: transactions committed so far (a batch is one), for tests and benchmarks.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public PgWriteBatcher(NpgsqlDataSource data)
    {
        _data = data;
        _batches = new Coalescer<ConversationWrite, ConversationWriteResult>(CommitOrAnswerAsync, MaxBatch, Loops, JoinAt);
    }

    public Task<ConversationWriteResult> WriteAsync(ConversationWrite write)
    {
        lock (_gate)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(PgConversationStore));
            _unanswered++;
        }
        // A write the server refused in a batch before goes alone, so that it fails alone if it must.
        var result = _alone.TryRemove(write.Inbound.Id, out _) ? AloneAsync(write) : _batches.RunAsync(write);
        result.ContinueWith(_ => Answered(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return result;
    }

    private async Task<ConversationWriteResult> AloneAsync(ConversationWrite write) => (await CommitOrAnswerAsync([write]).ConfigureAwait(false))[0];

    private void Answered()
    {
        lock (_gate)
            if (--_unanswered == 0 && _disposed) _answered.TrySetResult();
    }

    /// <summary>CommitOrAnswerAsync commits the batch and gives each write its result; it throws, failing every write of
    /// the batch at once, only when the server cannot be reached.</summary>
    private async Task<IReadOnlyList<ConversationWriteResult>> CommitOrAnswerAsync(IReadOnlyList<ConversationWrite> batch)
    {
        try
        {
            return await CommitAsync(batch).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (IsConflict(ex))
        {
            return Stale(batch);
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // The server refused one of the writes, which one is unknown: each goes alone next time (a bounded set,
            // forgotten when a write comes back). A lost connection is not that: it fails every write, at once.
            if (_alone.Count > 10_000) _alone.Clear();
            foreach (var write in batch) _alone[write.Inbound.Id] = 0;
            return Stale(batch);
        }
    }

    private static ConversationWriteResult[] Stale(IReadOnlyList<ConversationWrite> batch) =>
        [.. batch.Select(write => new ConversationWriteResult(WriteOutcome.Stale, write.Contact.Id, []))];

    private async Task<ConversationWriteResult[]> CommitAsync(IReadOnlyList<ConversationWrite> batch)
    {
        await using var connection = await _data.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var keys = batch.SelectMany(PgConversationWrites.LockKeys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var (results, committed) = await PgBatchWrites.ApplyAsync(connection, transaction, keys, batch).ConfigureAwait(false);
        if (!committed) await transaction.CommitAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _commits);
        return results;
    }

    private static bool IsConflict(PostgresException ex) => ex.SqlState is PostgresErrorCodes.DeadlockDetected
        or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation;

    /// <summary>DisposeAsync refuses new writes and waits until every write taken is answered.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_unanswered == 0) _answered.TrySetResult();
        }
        await _answered.Task.ConfigureAwait(false);
    }
}

using System.Threading.Channels;
using Npgsql;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgOutboxBatcher: outbox writes waiting at the same time (claims, settles, requeues) share one transaction and one synchronous commit.</summary>
/// <remarks>
/// Delivery settles each message with its own small write; one transaction and one WAL flush apiece would make the
/// commit, not the provider, the limit. A few loops each take the writes waiting, run them one after the other on one
/// connection inside one transaction, and commit once; each caller's task completes only after that commit, as on
/// the embedded store's storage thread. A deadlock with another instance rolls the whole group back and runs it again
/// after a short, growing pause (the rules allow a rerun: their work only reads and changes the outbox through the
/// transaction). Any other failure rolls the group back and runs each write alone, so one write that cannot be stored
/// fails alone, with its own exception; an unreachable server fails each the same way.
/// </remarks>
internal sealed class PgOutboxBatcher : IAsyncDisposable
{
    public const int MaxBatch = 64;
    public const int Loops = 2;
    private const int MaxTries = 5;

    private readonly NpgsqlDataSource _data;
    private readonly TimeProvider _time;
    private readonly Channel<IPending> _queue = Channel.CreateUnbounded<IPending>();
    private readonly Task[] _loops;

    public PgOutboxBatcher(NpgsqlDataSource data, TimeProvider time)
    {
        (_data, _time) = (data, time);
        _loops = [.. Enumerable.Range(0, Loops).Select(_ => Task.Run(RunAsync))];
    }

    public Task<T> WriteAsync<T>(Func<IOutboxChanges, T> work)
    {
        var pending = new Pending<T>(work);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PgOutboxStore));
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<IPending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            if (batch.Count == 0) continue;
            if (!await TryCommitAsync(batch).ConfigureAwait(false))
                foreach (var pending in batch) await TryCommitAsync([pending]).ConfigureAwait(false);
        }
    }

    /// <summary>TryCommitAsync runs the group in one transaction and answers each write; false when a group of several must be run again one by one.</summary>
    private async Task<bool> TryCommitAsync(List<IPending> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _data.OpenConnectionAsync().ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                var changes = new PgOutboxChanges(connection, transaction);
                foreach (var pending in batch) pending.Run(changes);
                await transaction.CommitAsync().ConfigureAwait(false);
                foreach (var pending in batch) pending.Complete();
                return true;
            }
            catch (PostgresException ex) when (attempt < MaxTries && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50 * attempt)), _time).ConfigureAwait(false);
            }
            catch (Exception) when (batch.Count > 1)
            {
                return false;
            }
            catch (Exception ex)
            {
                batch[0].Fail(ex);
                return true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private interface IPending
    {
        void Run(IOutboxChanges changes);
        void Complete();
        void Fail(Exception error);
    }

    /// <summary>Pending: one caller's work; its result is kept until the group commits, then handed over.</summary>
    private sealed class Pending<T>(Func<IOutboxChanges, T> work) : IPending
    {
        private T _result = default!;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(IOutboxChanges changes) => _result = work(changes);

        public void Complete() => Completion.TrySetResult(_result);

        public void Fail(Exception error) => Completion.TrySetException(error);
    }
}

using System.Collections.Concurrent;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace OutreachBot.Storage;

/// <summary>StorageWriter: the single writer of the LiteDB file; it commits many write requests per transaction.</summary>
/// <remarks>
/// LiteDB 5.0.21 corrupts data under concurrent writers and binds transactions to the calling thread, so all
/// writes run here, on one dedicated thread, synchronously. A request's task completes only after its batch is
/// committed and checkpointed to the data file (LiteDB does not fsync a commit by itself; its checkpoint does).
/// </remarks>
public sealed class StorageWriter : IDisposable
{
    private readonly LiteStore _store;
    private readonly int _maxBatch;
    private readonly ILogger<StorageWriter> _logger;
    private readonly BlockingCollection<IWriteRequest> _queue = new();
    private readonly Thread _thread;

    public StorageWriter(LiteStore store, StorageOptions options, ILogger<StorageWriter> logger)
    {
        _store = store;
        _maxBatch = Math.Max(1, options.MaxBatch);
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "storage-writer" };
        _thread.Start();
    }

    /// <summary>Batches committed so far (for benchmarks and metrics).</summary>
    public long Commits => Interlocked.Read(ref _commits);
    private long _commits;

    /// <summary>WriteAsync runs <paramref name="work"/> on the writer thread inside a group transaction and completes once durable.</summary>
    /// <remarks><paramref name="work"/> must be synchronous and must not start other writes.</remarks>
    public Task<T> WriteAsync<T>(Func<LiteStore, T> work)
    {
        var request = new WriteRequest<T>(work);
        try
        {
            _queue.Add(request);
        }
        catch (InvalidOperationException)
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(StorageWriter)));
        }
        return request.Completion.Task;
    }

    /// <summary>WriteAsync runs a write that returns nothing.</summary>
    public Task WriteAsync(Action<LiteStore> work) => WriteAsync(store => { work(store); return true; });

    private void Run()
    {
        var batch = new List<IWriteRequest>(_maxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < _maxBatch && _queue.TryTake(out var next)) batch.Add(next);
            CommitBatch(batch);
            batch.Clear();
        }
    }

    /// <summary>CommitBatch commits the batch in one transaction; if a request throws, each is retried alone so one bad request cannot sink the others.</summary>
    private void CommitBatch(List<IWriteRequest> batch)
    {
        var db = _store.Database;
        try
        {
            db.BeginTrans();
            foreach (var request in batch) request.Execute(_store);
            db.Commit();
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            _logger.LogWarning(ex, "Group commit of {Count} writes failed; retrying them one by one", batch.Count);
            SafeRollback(db);
            foreach (var request in batch) CommitBatch([request]);
            return;
        }
        catch (Exception ex)
        {
            SafeRollback(db);
            batch[0].Fail(ex);
            return;
        }

        try
        {
            MakeDurable();
        }
        catch (Exception ex)
        {
            // Committed but not known to be on disk: the callers must not acknowledge.
            _logger.LogError(ex, "Checkpoint after commit failed");
            foreach (var request in batch) request.Fail(ex);
            return;
        }
        foreach (var request in batch) request.Complete();
    }

    private void MakeDurable()
    {
        _store.Database.Checkpoint();
        Interlocked.Increment(ref _commits);
    }

    private void SafeRollback(LiteDatabase db)
    {
        try { db.Rollback(); }
        catch (Exception ex) { _logger.LogError(ex, "Rollback failed"); }
    }

    /// <summary>Dispose finishes the queued writes, then stops the writer thread.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private interface IWriteRequest
    {
        void Execute(LiteStore store);
        void Complete();
        void Fail(Exception error);
    }

    private sealed class WriteRequest<T>(Func<LiteStore, T> work) : IWriteRequest
    {
        private T _result = default!;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Execute(LiteStore store) => _result = work(store);
        public void Complete() => Completion.TrySetResult(_result);
        public void Fail(Exception error) => Completion.TrySetException(error);
    }
}

using System.Collections.Concurrent;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace OutreachBot.Storage;

/// <summary>StorageWriter: the one thread that touches the LiteDB file; it answers reads and commits many writes per transaction.</summary>
/// <remarks>
/// LiteDB 5.0.21 corrupts data under concurrent writers, binds transactions to the calling thread, and lets a
/// reader see pages a concurrent checkpoint is moving; so every access runs here, synchronously, on one thread.
/// Each turn of the loop answers the reads waiting, then commits the writes waiting in one transaction and
/// fsyncs LiteDB's log (its commit alone is not fsynced; see <see cref="LogFileSync"/>). A write's task
/// completes only after that, so whoever awaits it may acknowledge the message to its channel.
/// </remarks>
public sealed class StorageWriter : IDisposable
{
    private readonly LiteStore _store;
    private readonly int _maxBatch;
    private readonly ILogger<StorageWriter> _logger;
    private readonly BlockingCollection<IRequest> _queue = new();
    private readonly Thread _thread;
    private long _commits;
    private int _disposed;

    public StorageWriter(LiteStore store, StorageOptions options, ILogger<StorageWriter> logger)
    {
        _store = store;
        _maxBatch = Math.Max(1, options.MaxBatch);
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "storage" };
        _thread.Start();
    }

    /// <summary>Durable commits so far (for benchmarks and metrics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Requests waiting for the storage thread.</summary>
    public int QueueLength => _queue.Count;

    /// <summary>WriteAsync runs <paramref name="work"/> on the storage thread inside a group transaction and completes once durable.</summary>
    /// <remarks><paramref name="work"/> must be synchronous, must not await, and must not start other storage requests.</remarks>
    public Task<T> WriteAsync<T>(Func<LiteStore, T> work) => Enqueue(new Request<T>(work, isWrite: true));

    /// <summary>WriteAsync runs a write that returns nothing.</summary>
    public Task WriteAsync(Action<LiteStore> work) => WriteAsync(store => { work(store); return true; });

    /// <summary>ReadAsync runs <paramref name="work"/> on the storage thread, outside any transaction, and returns what it read.</summary>
    /// <remarks>It sees every write whose task has completed; materialise query results (ToList) inside <paramref name="work"/>.</remarks>
    public Task<T> ReadAsync<T>(Func<LiteStore, T> work) => Enqueue(new Request<T>(work, isWrite: false));

    private Task<T> Enqueue<T>(Request<T> request)
    {
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

    private void Run()
    {
        _store.Own(Environment.CurrentManagedThreadId);
        var reads = new List<IRequest>();
        var writes = new List<IRequest>(_maxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            (first.IsWrite ? writes : reads).Add(first);
            while (writes.Count < _maxBatch && _queue.TryTake(out var next)) (next.IsWrite ? writes : reads).Add(next);

            AnswerAll(reads);
            if (writes.Count > 0) CommitBatch(writes);
            reads.Clear();
            writes.Clear();
        }
    }

    /// <summary>AnswerAll runs the reads inside one read-only transaction, so they share its snapshots instead of each opening its own.</summary>
    private void AnswerAll(List<IRequest> reads)
    {
        if (reads.Count == 0) return;
        var db = _store.Database;
        db.BeginTrans();
        try
        {
            foreach (var read in reads) Answer(read);
        }
        finally
        {
            SafeRollback(db);
        }
    }

    private void Answer(IRequest read)
    {
        try
        {
            read.Execute(_store);
            read.Complete();
        }
        catch (Exception ex)
        {
            read.Fail(ex);
        }
    }

    /// <summary>CommitBatch commits the batch in one transaction; if a request throws, each is retried alone so one bad request cannot sink the others.</summary>
    private void CommitBatch(List<IRequest> batch)
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
            _store.MakeDurable();
            Interlocked.Increment(ref _commits);
        }
        catch (Exception ex)
        {
            // Committed but not known to be on disk: the callers must not acknowledge.
            _logger.LogError(ex, "Could not make a commit durable (fsync of the log failed)");
            foreach (var request in batch) request.Fail(ex);
            return;
        }
        foreach (var request in batch) request.Complete();
    }

    private void SafeRollback(LiteDatabase db)
    {
        try { db.Rollback(); }
        catch (Exception ex) { _logger.LogError(ex, "Rollback failed"); }
    }

    /// <summary>Dispose finishes the queued requests, then stops the storage thread and frees the store for its owner to close.</summary>
    public void Dispose()
    {
        // Idempotent, as IDisposable asks: a second call (the container after an explicit one) must not throw.
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.CompleteAdding();
        if (Thread.CurrentThread != _thread) _thread.Join();
        _queue.Dispose();
        _store.Own(0);
    }

    /// <summary>IsDeferred: a sequence that is not a materialised collection (a LiteDB cursor or a LINQ iterator).</summary>
    private static bool IsDeferred(object? result) =>
        result is System.Collections.IEnumerable and not (string or System.Collections.ICollection or BsonValue)
        && !result.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyCollection<>));

    private interface IRequest
    {
        bool IsWrite { get; }
        void Execute(LiteStore store);
        void Complete();
        void Fail(Exception error);
    }

    private sealed class Request<T>(Func<LiteStore, T> work, bool isWrite) : IRequest
    {
        private T _result = default!;
        public bool IsWrite => isWrite;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Execute(LiteStore store)
        {
            _result = work(store);
            // A query left unrun (FindAll, Select, ...) would run wherever the caller enumerates it, off this thread and
            // outside its transaction: the race with a checkpoint this thread exists to prevent. Fail it here, loudly.
            if (IsDeferred(_result))
                throw new InvalidOperationException("A storage request returned a query that has not run; materialise it (ToList) inside the lambda.");
        }
        public void Complete() => Completion.TrySetResult(_result);
        public void Fail(Exception error) => Completion.TrySetException(error);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OutreachBot.Storage;

/// <summary>StorageWriter: the one thread that touches the LiteDB file; it answers reads and commits many writes per transaction.</summary>
/// <remarks>
/// LiteDB 5.0.21 corrupts data under concurrent writers, binds transactions to the calling thread, and lets a
/// reader see pages a concurrent checkpoint is moving; so every access runs here, synchronously, on one thread.
/// Each turn of the loop answers the reads waiting, then commits the writes waiting in one transaction and
/// fsyncs LiteDB's log (its commit alone is not fsynced; see <see cref="LogFileSync"/>). A write's task
/// completes only after that, so whoever awaits it may acknowledge the message to its channel.
/// A request that throws fails alone; an infrastructure failure (a failed commit, rollback or fsync, an I/O error:
/// see <see cref="StorageFailure"/>) stops the writer for good: that request and every pending and later one fail
/// with <see cref="StorageStoppedException"/>, LiteDB is closed without writing more, and <see cref="Stopped"/>
/// completes so the host can exit and be restarted on the log as it is on disk. Retrying in place would be unsafe:
/// after a failed commit LiteDB's memory no longer matches its files, and a failed fsync cannot be retried.
/// </remarks>
internal sealed class StorageWriter : IDisposable
{
    private readonly LiteStore _store;
    private readonly int _maxBatch;
    private readonly ILogger<StorageWriter> _logger;
    private readonly BlockingCollection<IStorageRequest> _queue = new();
    private readonly TaskCompletionSource<Exception> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private volatile Exception? _failure;
    private long _commits;
    private int _disposed;

    public StorageWriter(LiteStore store, StorageOptions options, ILogger<StorageWriter> logger)
    {
        _store = store;
        _maxBatch = Math.Max(1, options.MaxBatch);
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "storage" };
        // Bound before the thread starts: once the constructor returns, no other thread may use the store, even if the
        // storage thread has not run yet.
        store.Own(_thread.ManagedThreadId);
        _thread.Start();
    }

    /// <summary>Time the storage thread spent per phase so far (for benchmarks and metrics): where it waits is where to make it faster.</summary>
    public StorageThreadTimes Times => _times.Snapshot();
    private readonly StorageThreadClock _times = new();

    /// <summary>Mapper: the store's mapper, for callers that map their documents before handing a write over (usable on any thread).</summary>
    public LiteDB.BsonMapper Mapper => _store.Mapper;

    /// <summary>The contacts' change stamps, for readers on other threads (see <see cref="LiteStore.ContactVersionsForReaders"/>).</summary>
    public ContactVersions ContactVersions => _store.ContactVersionsForReaders;

    /// <summary>Durable commits so far (for benchmarks and metrics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Requests waiting for the storage thread.</summary>
    public int QueueLength => _failure is null ? _queue.Count : 0;

    /// <summary>Failure: the infrastructure failure that stopped the writer, or null while it works.</summary>
    public Exception? Failure => _failure;

    /// <summary>Stopped completes with the cause once a failure stopped the writer; never while storage works, nor on Dispose.</summary>
    public Task<Exception> Stopped => _stopped.Task;

    /// <summary>WriteAsync runs <paramref name="work"/> on the storage thread inside a group transaction and completes once durable.</summary>
    /// <remarks><paramref name="work"/> must be synchronous, must not await, must do no I/O of its own, and must not start other storage requests.</remarks>
    public Task<T> WriteAsync<T>(Func<LiteStore, T> work) => Enqueue(new StorageRequest<T>(work, isWrite: true));

    /// <summary>WriteAsync runs a write that returns nothing.</summary>
    public Task WriteAsync(Action<LiteStore> work) => WriteAsync(store => { work(store); return true; });

    /// <summary>ReadAsync runs <paramref name="work"/> on the storage thread, outside any transaction, and returns what it read.</summary>
    /// <remarks>It sees every write whose task has completed; materialise query results (ToList) inside <paramref name="work"/>.</remarks>
    public Task<T> ReadAsync<T>(Func<LiteStore, T> work) => Enqueue(new StorageRequest<T>(work, isWrite: false));

    private Task<T> Enqueue<T>(StorageRequest<T> request)
    {
        if (_failure is { } failure) return Task.FromException<T>(new StorageStoppedException(failure));
        try
        {
            _queue.Add(request);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            return Task.FromException<T>(_failure is { } stopped
                ? new StorageStoppedException(stopped)
                : new ObjectDisposedException(nameof(StorageWriter)));
        }
        return request.Completion.Task;
    }

    private void Run()
    {
        var reads = new List<IStorageRequest>();
        var writes = new List<IStorageRequest>(_maxBatch);
        try
        {
            foreach (var first in _queue.GetConsumingEnumerable())
            {
                (first.IsWrite ? writes : reads).Add(first);
                while (writes.Count < _maxBatch && _queue.TryTake(out var next)) (next.IsWrite ? writes : reads).Add(next);

                var started = _times.Start();
                AnswerAll(reads);
                started = _times.Lap(started, StoragePhase.Reads);
                if (writes.Count > 0) CommitBatch(writes);
                reads.Clear();
                writes.Clear();
            }
        }
        catch (StorageFault fault)
        {
            Stop(fault, [.. reads, .. writes]);
        }
    }

    /// <summary>AnswerAll runs the reads inside one read-only transaction, so they share its snapshots instead of each opening its own.</summary>
    private void AnswerAll(List<IStorageRequest> reads)
    {
        if (reads.Count == 0) return;
        var db = _store.Database;
        Step("begin", () => db.BeginTrans());
        try
        {
            foreach (var read in reads) Answer(read);
        }
        catch (StorageFault)
        {
            try { db.Rollback(); } catch (Exception) { /* stopping anyway; the first failure is the one to report */ }
            throw;
        }
        Step("rollback", () => db.Rollback());
    }

    private void Answer(IStorageRequest read)
    {
        try
        {
            read.Execute(_store);
        }
        catch (Exception ex) when (!StorageFailure.IsInfrastructure(ex))
        {
            read.Fail(ex);
            return;
        }
        catch (Exception ex)
        {
            throw new StorageFault("read", ex);
        }
        read.Complete();
    }

    /// <summary>CommitBatch commits the batch in one transaction; if a request throws, each is retried alone so one bad request cannot sink the others.</summary>
    private void CommitBatch(List<IStorageRequest> batch)
    {
        var db = _store.Database;
        Step("begin", () => db.BeginTrans());
        var started = _times.Start();
        var error = ExecuteAll(batch);
        started = _times.Lap(started, StoragePhase.Writes);
        if (error is not null)
        {
            Step("rollback", () => db.Rollback());
            if (StorageFailure.IsInfrastructure(error)) throw new StorageFault("write", error);
            if (batch.Count == 1)
            {
                batch[0].Fail(error);
                return;
            }
            _logger.LogWarning(error, "Group commit of {Count} writes failed; retrying them one by one", batch.Count);
            foreach (var request in batch) CommitBatch([request]);
            return;
        }

        Step("commit", () => db.Commit());
        started = _times.Lap(started, StoragePhase.Commit);
        // Committed but not known to be on disk until this returns: only then may anyone acknowledge.
        Step("fsync", _store.MakeDurable);
        _times.Lap(started, StoragePhase.Fsync);
        Interlocked.Increment(ref _commits);
        foreach (var request in batch) request.Complete();
    }

    /// <summary>ExecuteAll runs the batch's requests in order; the first one's exception, or null when all ran.</summary>
    private Exception? ExecuteAll(List<IStorageRequest> batch)
    {
        foreach (var request in batch)
        {
            try { request.Execute(_store); }
            catch (Exception ex) { return ex; }
        }
        return null;
    }

    private static void Step(string phase, Action action)
    {
        try { action(); }
        catch (Exception ex) { throw new StorageFault(phase, ex); }
    }

    /// <summary>Stop fails every unanswered request, refuses all later ones, and closes LiteDB without letting it write more.</summary>
    private void Stop(StorageFault fault, List<IStorageRequest> unanswered)
    {
        var cause = fault.InnerException!;
        _failure = cause; // before CompleteAdding, so a request refused from now on is told why
        _queue.CompleteAdding();
        _logger.LogCritical(cause, "Storage stopped: the {Phase} failed. Nothing is stored from now on; restart the service, which replays the log", fault.Phase);

        var stopped = new StorageStoppedException(cause);
        foreach (var request in unanswered) request.Fail(stopped);
        while (_queue.TryTake(out var request)) request.Fail(stopped);
        try
        {
            if (!_store.Abandon(cause)) _logger.LogError("This LiteDB has no close-after-error; its closing checkpoint will run when the store is disposed");
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Closing LiteDB after the failure failed");
        }
        _stopped.TrySetResult(cause);
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
}

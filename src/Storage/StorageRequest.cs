using LiteDB;

namespace OutreachBot.Storage;

/// <summary>IStorageRequest: one read or write waiting for the storage thread.</summary>
internal interface IStorageRequest
{
    bool IsWrite { get; }
    void Execute(LiteStore store);
    void Complete();
    void Fail(Exception error);
}

/// <summary>StorageRequest runs its work on the storage thread and completes its task with the result or the error.</summary>
internal sealed class StorageRequest<T>(Func<LiteStore, T> work, bool isWrite) : IStorageRequest
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

    /// <summary>IsDeferred: a sequence that is not a materialised collection (a LiteDB cursor or a LINQ iterator).</summary>
    private static bool IsDeferred(object? result) =>
        result is System.Collections.IEnumerable and not (string or System.Collections.ICollection or BsonValue)
        && !result.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyCollection<>));
}

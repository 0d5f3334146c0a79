using LiteDB;

namespace OutreachBot.Storage;

/// <summary>StorageFailure tells an infrastructure failure (the disk, the file, LiteDB's state) from a fault of one request.</summary>
/// <remarks>
/// A request's own exception (a duplicate key, an index key too long, a bug in its lambda) fails that request alone:
/// the writer rolls back and retries the others of its batch one by one, as it always did. Infrastructure fails every
/// request and stops the writer: whatever our calls to LiteDB's transaction machinery throw (begin, commit, rollback),
/// a failed fsync, and these exceptions wherever they come from, a request's lambda included (it does no I/O of its
/// own, so an I/O error inside it came from the database file): IOException (disk full, EIO), UnauthorizedAccessException,
/// and LiteDB's "invalid datafile state" and "engine disposed", after which LiteDB has closed the file itself.
/// </remarks>
public static class StorageFailure
{
    /// <summary>IsInfrastructure: <paramref name="error"/>, or an exception inside it, says the storage itself failed.</summary>
    public static bool IsInfrastructure(Exception error) => error switch
    {
        StorageStoppedException or IOException or UnauthorizedAccessException => true,
        LiteException { ErrorCode: LiteException.INVALID_DATAFILE_STATE or LiteException.ENGINE_DISPOSED } => true,
        _ => error.InnerException is { } inner && IsInfrastructure(inner),
    };
}

/// <summary>StorageStoppedException: storage stopped after an infrastructure failure; nothing was stored, and nothing will be until a restart.</summary>
/// <remarks>The cause is the inner exception. Channels answer it like any storage failure (5xx), so providers send again later.</remarks>
public sealed class StorageStoppedException(Exception cause) : Exception(
    $"Storage stopped after a failure ({cause.GetType().Name}: {cause.Message}); the service must be restarted, which replays the log.", cause);

/// <summary>StorageFault carries an infrastructure failure from deep in a turn of the storage loop up to where the writer stops.</summary>
internal sealed class StorageFault(string phase, Exception cause) : Exception(phase + " failed", cause)
{
    /// <summary>What failed: "commit", "rollback", "fsync", ...</summary>
    public string Phase { get; } = phase;
}

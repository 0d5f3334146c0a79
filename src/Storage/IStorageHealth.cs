namespace OutreachBot.Storage;

/// <summary>IStorageHealth: whether storage works, for /healthz, the start-up log and the exit code.</summary>
public interface IStorageHealth
{
    /// <summary>Failure: the infrastructure failure that stopped storage for good (only a restart helps), or null.</summary>
    /// <remarks>The embedded store stops after a failed commit, rollback or fsync; a database server that goes away is not such a failure: its store answers again once the server is back.</remarks>
    Exception? Failure { get; }

    /// <summary>Stopped completes with the cause once <see cref="Failure"/> is set; never while storage can still work.</summary>
    Task<Exception> Stopped { get; }

    /// <summary>ProblemAsync: null when storage answers within <paramref name="timeout"/>; else a short description of what is wrong.</summary>
    Task<string?> ProblemAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken);

    /// <summary>ContactCountAsync: how many contacts are stored (the start-up log says it).</summary>
    Task<long> ContactCountAsync();
}

/// <summary>IInboundLog: questions answered from the inbound log.</summary>
public interface IInboundLog
{
    /// <summary>LastInboundAtAsync: when the newest message from <paramref name="urn"/> on <paramref name="channel"/> arrived, or null (WhatsApp's 24-hour window).</summary>
    Task<DateTimeOffset?> LastInboundAtAsync(string channel, string urn);
}

/// <summary>IRetentionStore: removes what is older than Storage:Retention, one small batch per call.</summary>
public interface IRetentionStore
{
    /// <summary>PruneInboundAsync deletes up to <paramref name="batch"/> inbound rows received before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> PruneInboundAsync(DateTimeOffset cutoff, int batch);

    /// <summary>BlankOutboxAsync blanks the texts of up to <paramref name="batch"/> settled outbox rows created before <paramref name="cutoff"/>.</summary>
    /// <returns>Rows looked at (0 once the walk reached rows newer than the cutoff) and texts blanked.</returns>
    Task<(int Seen, int Blanked)> BlankOutboxAsync(DateTimeOffset cutoff, int batch);
}

/// <summary>IServiceRecord: where a running service says how to reach it, so <c>chat</c> on the same store can find it.</summary>
public interface IServiceRecord
{
    /// <summary>Publish records this process and the URLs it listens on.</summary>
    void Publish(IReadOnlyList<string> urls);
}

using OutreachBot.Bench.Ceiling;

namespace OutreachBot.Bench.Pipeline.Stores;

/// <summary>IBenchStore: the fresh store one pipeline run uses (--store litedb|postgres), deleted when the run ends.</summary>
public interface IBenchStore : IAsyncDisposable
{
    /// <summary>What the run stores on, with the settings that decide what a commit costs, for the output.</summary>
    string Description { get; }

    /// <summary>Settings that put a host on this store.</summary>
    IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>SharedByInstances: several hosts may run on this store at once.</summary>
    bool SharedByInstances { get; }

    /// <summary>ConversationCommits: transactions the hosts' conversation writes committed so far (LiteDB: every durable commit, delivery's included).</summary>
    long ConversationCommits(IEnumerable<IServiceProvider> hosts);

    /// <summary>TrustedReads: conversation reads the hosts answered from their own last write without asking the store (PostgreSQL; LiteDB: 0).</summary>
    long TrustedReads(IEnumerable<IServiceProvider> hosts) => 0;

    /// <summary>StaleWrites: conversation writes that found their contact changed since it was read, so the step was redone (PostgreSQL; LiteDB: 0).</summary>
    long StaleWrites(IEnumerable<IServiceProvider> hosts) => 0;

    /// <summary>StorageThreadTimes: where the embedded store's one storage thread spent its time so far; null for a store without one.</summary>
    OutreachBot.Storage.StorageThreadTimes? StorageThreadTimes(IServiceProvider services);

    /// <summary>ReadAsync reads back what the run stored (while a host still runs), for the correctness checks.</summary>
    Task<StoredFigures> ReadAsync(IServiceProvider services);

    /// <summary>UnsettledAsync counts the replies still queued or being sent: cheap enough to poll while delivery runs.</summary>
    Task<long> UnsettledAsync(IServiceProvider services);

    /// <summary>AfterWarmUpAsync brings the store to where a running installation would be by now, before the clock starts.</summary>
    /// <remarks>PostgreSQL: ANALYZE. A run lasts less than the minute autovacuum waits between rounds, so without it every
    /// connection keeps the plans it made while the tables held a few rows (a sequential scan is then the cheapest), long
    /// after they held thousands; a running installation's tables are analysed as they grow, and each ANALYZE replans.</remarks>
    Task AfterWarmUpAsync();

    /// <summary>AfterStopAsync returns figures that can only be read once the hosts have stopped, or nothing.</summary>
    Task<string?> AfterStopAsync();

    /// <summary>CeilingAsync writes the sample's transaction shape straight to a fresh store of the same kind, <paramref name="batch"/> messages per transaction.</summary>
    /// <remarks>The first <paramref name="prefill"/> messages are written untimed, as the pipeline's warm-up was.</remarks>
    Task<CeilingResult> CeilingAsync(CeilingSample sample, int prefill, int messages, int batch);
}

/// <summary>StoredFigures: what the store holds: inbound rows, contacts (and how many finished sign-up), outbox rows by state.</summary>
public sealed record StoredFigures(long Inbound, long Contacts, long Registered, long Outbox, long Sent, long Unsettled, long Recoveries, long FinishedAttempts);

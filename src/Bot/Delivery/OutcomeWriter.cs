using OutreachBot.Storage;

namespace OutreachBot.Bot.Delivery;

/// <summary>OutcomeWriter: outcomes that come back while a settle write is in flight go together in the next one.</summary>
/// <remarks>
/// An outcome that finds no write in flight is written at once, alone, so a quiet channel settles as fast as before;
/// under load the outcomes of calls answered during one write share the next transaction (on PostgreSQL its one read,
/// one update round trip and one synchronous commit) instead of each taking its own. Each outcome still gets its own
/// <see cref="Settlement"/>. A failed write fails every outcome in it: their claims stay durable, and the lease sweep
/// sends them again, as when one outcome's own write failed. Thread-safe; one per <see cref="BatchSender"/>.
/// </remarks>
public sealed class OutcomeWriter(IOutboxStore outbox, OutcomeSettler settler)
{
    /// <summary>MaxBatch bounds one write, so a long backlog of outcomes does not make one huge transaction.</summary>
    public const int MaxBatch = 256;

    private readonly Coalescer<Outcome, Settlement> _writes = new(
        outcomes => outbox.WriteAsync(changes => settler.SettleEach(changes, outcomes)), MaxBatch);

    /// <summary>SettleAsync completes once <paramref name="outcome"/> is durable, with what it needs done in memory afterwards.</summary>
    public Task<Settlement> SettleAsync(Outcome outcome) => _writes.RunAsync(outcome);
}

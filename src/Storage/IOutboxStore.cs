using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage;

/// <summary>IOutboxStore: the outbox as delivery, delivery reports and bulk producers see it.</summary>
/// <remarks>
/// The rules of delivery (what a provider's answer means, who may be sent what, when a lapsed claim is given up) live
/// once, outside the stores, as functions over <see cref="IOutboxChanges"/>; a store only runs them inside one of its
/// transactions (<see cref="WriteAsync{T}"/>), so every store applies the same rules.
/// </remarks>
public interface IOutboxStore
{
    /// <summary>WriteAsync runs <paramref name="work"/> in one transaction and completes once it is durable; a throw stores none of it.</summary>
    /// <remarks><paramref name="work"/> is synchronous and does nothing but read and change the outbox through its argument: it may run again after a retry.</remarks>
    Task<T> WriteAsync<T>(Func<IOutboxChanges, T> work);

    /// <summary>QueuedAsync returns every message waiting to be sent, in id (creation) order.</summary>
    Task<IReadOnlyList<OutboxMessage>> QueuedAsync();

    /// <summary>CountByStatusAsync returns how many messages of a group (broadcast, campaign) are in each status.</summary>
    Task<Dictionary<OutboxStatus, int>> CountByStatusAsync(string groupId);

    /// <summary>WhatsAppWindowClosedAtAsync: when WhatsApp last refused free-form text to <paramref name="urn"/> (63016), or null.</summary>
    Task<DateTimeOffset?> WhatsAppWindowClosedAtAsync(string urn);

    /// <summary>PossibleDuplicatesAsync: how many messages were queued again after a lapsed claim, ever.</summary>
    Task<long> PossibleDuplicatesAsync();

    /// <summary>SharedByInstances: other processes may hold claims (a claim in Sending is not necessarily left by a dead process).</summary>
    bool SharedByInstances { get; }

    /// <summary>WatchQueuedAsync yields rows queued by other instances as they commit; on a store only this process writes, nothing.</summary>
    /// <remarks>In-process producers signal delivery directly (IOutboxSignal); this covers the rest, and may repeat rows already known.</remarks>
    IAsyncEnumerable<IReadOnlyList<OutboxMessage>> WatchQueuedAsync(CancellationToken cancellationToken);
}

/// <summary>IOutboxChanges: what one outbox transaction may read and change; all of it is stored, or none.</summary>
public interface IOutboxChanges
{
    OutboxMessage? Find(long id);

    /// <summary>FindMany: the rows of <paramref name="ids"/> that exist, by id, read in one go (a settle of many outcomes).</summary>
    IReadOnlyDictionary<long, OutboxMessage> FindMany(IReadOnlyCollection<long> ids);

    /// <summary>FindByProviderId: the row the provider knows by <paramref name="providerId"/>, or null.</summary>
    OutboxMessage? FindByProviderId(string providerId);

    /// <summary>Sending: every row claimed for sending (Sending), whatever its lease.</summary>
    IReadOnlyList<OutboxMessage> Sending();

    /// <summary>QueuedFor: the rows still queued for <paramref name="urn"/>, oldest (lowest id) first.</summary>
    IReadOnlyList<OutboxMessage> QueuedFor(string urn);

    /// <summary>Claim marks the still-queued, due rows among <paramref name="ids"/> Sending until <paramref name="leaseUntil"/>, one attempt more, and returns them.</summary>
    /// <remarks>A row settled, claimed elsewhere or rescheduled since it was picked is skipped, so a stale hint never sends twice.</remarks>
    IReadOnlyList<OutboxMessage> Claim(IEnumerable<long> ids, DateTimeOffset now, DateTimeOffset leaseUntil);

    /// <summary>FindContacts: the contacts of <paramref name="ids"/> that exist, by id, read in one go (every contact of a claim).</summary>
    IReadOnlyDictionary<long, Flows.Model.Contact> FindContacts(IReadOnlyCollection<long> ids);

    /// <summary>ContactStatuses: the status of each contact of <paramref name="ids"/> that exists, read in one go; the opt-out check of every claim needs no more than this.</summary>
    IReadOnlyDictionary<long, Flows.Model.ContactStatus> ContactStatuses(IReadOnlyCollection<long> ids);

    void Insert(OutboxMessage message);

    void Update(OutboxMessage message);

    /// <summary>BlockContact marks an Active contact Blocked (the channel refused delivery to it); any other status stays.</summary>
    void BlockContact(long contactId);

    /// <summary>CloseWhatsAppWindow records that WhatsApp refused free-form text to <paramref name="urn"/> at <paramref name="at"/>.</summary>
    void CloseWhatsAppWindow(string urn, DateTimeOffset at);

    /// <summary>AddPossibleDuplicates adds to the durable count of messages queued again after a lapsed claim and returns the new total.</summary>
    long AddPossibleDuplicates(int count);

    /// <summary>KeptReport: a delivery report kept because no row had its provider id yet, or null.</summary>
    DeliveryReport? KeptReport(string providerId);

    void KeepReport(string providerId, DeliveryReport report);

    /// <summary>KeptReports: every kept report.</summary>
    IReadOnlyList<(string ProviderId, DeliveryReport Report)> KeptReports();

    void DropKeptReport(string providerId);
}

/// <summary>DeliveryReport: one delivery report of a provider: the status it reports, its error code, and when it first came.</summary>
public sealed record DeliveryReport(OutboxStatus Status, string? ErrorCode, DateTimeOffset At);

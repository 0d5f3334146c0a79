using LiteDB;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteOutboxChanges: <see cref="IOutboxChanges"/> on the open file, inside the storage thread's group transaction.</summary>
/// <remarks>Window closures, early reports and the duplicates count are typed rows of collections of their own.</remarks>
internal sealed class LiteOutboxChanges(LiteStore store) : IOutboxChanges
{

    public OutboxMessage? Find(long id) => store.Outbox.FindById(id);

    public OutboxMessage? FindByProviderId(string providerId) => store.Outbox.FindOne(m => m.ProviderId == providerId);

    public IReadOnlyList<OutboxMessage> Sending() => store.Outbox.Find(m => m.Status == OutboxStatus.Sending).ToList();

    public IReadOnlyList<OutboxMessage> QueuedFor(string urn) =>
        // The index on Urn returns rows in the order the index happens to hold them; the contract promises id order.
        store.Outbox.Find(m => m.Urn == urn && m.Status == OutboxStatus.Queued).OrderBy(m => m.Id).ToList();

    public IReadOnlyList<OutboxMessage> Claim(IEnumerable<long> ids, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        var claimed = new List<OutboxMessage>();
        foreach (var id in ids)
        {
            var message = store.Outbox.FindById(id);
            if (message is null || message.Status != OutboxStatus.Queued || message.NextAttemptAt > now) continue;
            message.Status = OutboxStatus.Sending;
            message.LeaseUntil = leaseUntil;
            message.Attempts++;
            store.Outbox.Update(message);
            claimed.Add(message);
        }
        return claimed;
    }

    // On the storage thread a read by id costs no round trip: one at a time is as fast as any batch.
    public IReadOnlyDictionary<long, OutboxMessage> FindMany(IReadOnlyCollection<long> ids) =>
        ids.Select(id => store.Outbox.FindById(id)).OfType<OutboxMessage>().ToDictionary(m => m.Id);

    public IReadOnlyDictionary<long, Contact> FindContacts(IReadOnlyCollection<long> ids) =>
        ids.Select(id => store.Contacts.FindById(id)).OfType<Contact>().ToDictionary(c => c.Id);

    public IReadOnlyDictionary<long, ContactStatus> ContactStatuses(IReadOnlyCollection<long> ids) =>
        ids.Select(id => store.Contacts.FindById(id)).OfType<Contact>().ToDictionary(c => c.Id, c => c.Status);

    public void Insert(OutboxMessage message) => store.Outbox.Insert(message);

    public void Update(OutboxMessage message) => store.Outbox.Update(message);

    public void BlockContact(long contactId)
    {
        var contact = store.Contacts.FindById(contactId);
        if (contact is null || contact.Status != ContactStatus.Active) return;
        contact.Status = ContactStatus.Blocked;
        store.Contacts.Update(contact);
        store.ContactVersions.Bump(contact.Id);
    }

    public void CloseWhatsAppWindow(string urn, DateTimeOffset at) =>
        store.WindowClosures.Upsert(new WindowClosureDocument { Id = urn, ClosedAt = at });

    internal static DateTimeOffset? WindowClosedAt(LiteStore store, string urn) => store.WindowClosures.FindById(urn)?.ClosedAt;

    public long AddPossibleDuplicates(int count)
    {
        var total = PossibleDuplicates(store) + count;
        if (count > 0) store.Counters.Upsert(new CounterDocument { Id = CounterDocument.PossibleDuplicates, Value = total });
        return total;
    }

    internal static long PossibleDuplicates(LiteStore store) => store.Counters.FindById(CounterDocument.PossibleDuplicates)?.Value ?? 0;

    public DeliveryReport? KeptReport(string providerId) => store.KeptReports.FindById(providerId) is { } kept ? ToReport(kept) : null;

    public void KeepReport(string providerId, DeliveryReport report) => store.KeptReports.Upsert(new KeptReportDocument
    {
        Id = providerId, Status = report.Status, ErrorCode = report.ErrorCode, At = report.At,
    });

    public IReadOnlyList<(string ProviderId, DeliveryReport Report)> KeptReports() =>
        [.. store.KeptReports.FindAll().ToList().Select(k => (k.Id, ToReport(k)))];

    public void DropKeptReport(string providerId) => store.KeptReports.Delete(providerId);

    private static DeliveryReport ToReport(KeptReportDocument kept) => new(kept.Status, kept.ErrorCode, kept.At);
}

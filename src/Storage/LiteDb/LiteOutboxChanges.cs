using System.Globalization;
using LiteDB;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteOutboxChanges: <see cref="IOutboxChanges"/> on the open file, inside the storage thread's group transaction.</summary>
/// <remarks>
/// Window closures, early reports and the duplicates count are small keyed values; they stay rows of the "channel_state"
/// collection here, each behind its typed operation.
/// </remarks>
internal sealed class LiteOutboxChanges(LiteStore store) : IOutboxChanges
{
    internal const string WindowClosedPrefix = "twilio.window-closed.";
    internal const string KeptReportPrefix = "outbox.status.";
    internal const string PossibleDuplicatesKey = "delivery.possible-duplicates";

    public OutboxMessage? Find(long id) => store.Outbox.FindById(id);

    public OutboxMessage? FindByProviderId(string providerId) => store.Outbox.FindOne(m => m.ProviderId == providerId);

    public IReadOnlyList<OutboxMessage> Sending() => store.Outbox.Find(m => m.Status == OutboxStatus.Sending).ToList();

    public IReadOnlyList<OutboxMessage> QueuedFor(string urn) => store.Outbox.Find(m => m.Urn == urn && m.Status == OutboxStatus.Queued).ToList();

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

    public Contact? FindContact(long contactId) => store.Contacts.FindById(contactId);

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
        store.ChannelStates.Upsert(new ChannelState { Id = WindowClosedPrefix + urn, Value = at.UtcTicks.ToString(CultureInfo.InvariantCulture) });

    internal static DateTimeOffset? WindowClosedAt(LiteStore store, string urn) =>
        store.ChannelStates.FindById(WindowClosedPrefix + urn) is { } state ? ParseTicks(state.Value) : null;

    /// <summary>WindowClosures lists every closed WhatsApp window (for copying the file elsewhere); unreadable values are left out.</summary>
    internal static IEnumerable<(string Urn, DateTimeOffset At)> WindowClosures(LiteStore store) =>
        store.ChannelStates.Find(Query.StartsWith("_id", WindowClosedPrefix)).ToList()
            .Select(s => (Urn: s.Id[WindowClosedPrefix.Length..], At: ParseTicks(s.Value)))
            .Where(c => c.At is not null)
            .Select(c => (c.Urn, c.At!.Value));

    private static DateTimeOffset? ParseTicks(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public long AddPossibleDuplicates(int count)
    {
        var total = PossibleDuplicates(store) + count;
        if (count > 0)
            store.ChannelStates.Upsert(new ChannelState { Id = PossibleDuplicatesKey, Value = total.ToString(CultureInfo.InvariantCulture) });
        return total;
    }

    internal static long PossibleDuplicates(LiteStore store) =>
        store.ChannelStates.FindById(PossibleDuplicatesKey) is { } state
        && long.TryParse(state.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;

    public DeliveryReport? KeptReport(string providerId) =>
        store.ChannelStates.FindById(KeptReportPrefix + providerId) is { } state ? ParseReport(state.Value) : null;

    public void KeepReport(string providerId, DeliveryReport report) =>
        store.ChannelStates.Upsert(new ChannelState { Id = KeptReportPrefix + providerId, Value = FormatReport(report) });

    public IReadOnlyList<(string ProviderId, DeliveryReport Report)> KeptReports() =>
        [.. store.ChannelStates.Find(Query.StartsWith("_id", KeptReportPrefix)).ToList()
            .Select(s => (s.Id[KeptReportPrefix.Length..], ParseReport(s.Value)))
            .Where(r => r.Item2 is not null)
            .Select(r => (r.Item1, r.Item2!))];

    public void DropKeptReport(string providerId) => store.ChannelStates.Delete(KeptReportPrefix + providerId);

    /// <summary>A kept report as a ChannelState value "status|errorCode|utcTicks".</summary>
    private static string FormatReport(DeliveryReport report) =>
        string.Join('|', (int)report.Status, report.ErrorCode ?? "", report.At.UtcTicks.ToString(CultureInfo.InvariantCulture));

    private static DeliveryReport? ParseReport(string value)
    {
        var parts = value.Split('|');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new DeliveryReport((OutboxStatus)status, parts[1].Length == 0 ? null : parts[1], new DateTimeOffset(ticks, TimeSpan.Zero))
            : null;
    }
}

using LiteDB;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>OutboxRepository: the outbox queries and state changes the delivery engine needs.</summary>
/// <remarks>
/// Every method takes the <see cref="LiteStore"/> handed to a <see cref="StorageWriter"/> lambda (reads in ReadAsync,
/// changes in WriteAsync) and must only be called there; changes work on many messages at once so one write request
/// (one group commit) claims or settles a whole batch.
/// </remarks>
public static class OutboxRepository
{
    /// <summary>EnsureIndexes adds the indexes the dispatcher's scans use (a write: call it inside a write request).</summary>
    /// <remarks>
    /// Only what a query filters on: each index is one more tree every insert and status change updates, on the one
    /// storage thread. Due times and lanes live in memory (DeliveryQueues), so Priority and NextAttemptAt need none;
    /// files made before this dropped them keep working, the extra trees are just removed.
    /// </remarks>
    public static void EnsureIndexes(LiteStore store)
    {
        store.Outbox.DropIndex(nameof(OutboxMessage.Priority));
        store.Outbox.DropIndex(nameof(OutboxMessage.NextAttemptAt));
    }

    /// <summary>FindQueued returns every message waiting to be sent, in id (creation) order.</summary>
    public static List<OutboxMessage> FindQueued(LiteStore store) =>
        store.Outbox.Find(m => m.Status == OutboxStatus.Queued).OrderBy(m => m.Id).ToList();

    /// <summary>CountByStatus returns how many messages of a group (broadcast, campaign) are in each status.</summary>
    public static Dictionary<OutboxStatus, int> CountByStatus(LiteStore store, string groupId)
    {
        var counts = new Dictionary<OutboxStatus, int>();
        foreach (var doc in store.Database.GetCollection("outbox")
                     .Find(Query.EQ(nameof(OutboxMessage.GroupId), groupId)))
        {
            // The mapper stores enums by name; only the status field is read, not whole documents.
            var status = Enum.Parse<OutboxStatus>(doc[nameof(OutboxMessage.Status)].AsString);
            counts[status] = counts.GetValueOrDefault(status) + 1;
        }
        return counts;
    }

    /// <summary>Claim marks the still-queued, due messages among <paramref name="ids"/> as Sending until <paramref name="leaseUntil"/>.</summary>
    /// <remarks>A message already settled, stopped or rescheduled since it was picked is skipped, so a stale in-memory hint never sends twice.</remarks>
    public static List<OutboxMessage> Claim(LiteStore store, IEnumerable<long> ids, DateTimeOffset now, DateTimeOffset leaseUntil)
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

    /// <summary>Fail marks a message Failed with a code and reason (no provider call is made or retried).</summary>
    public static void Fail(LiteStore store, OutboxMessage message, string code, string reason)
    {
        message.Status = OutboxStatus.Failed;
        message.LeaseUntil = null;
        message.ErrorCode = code;
        message.Error = reason;
        store.Outbox.Update(message);
    }

    /// <summary>FailQueuedForUrn fails every message still queued for <paramref name="urn"/>; returns them.</summary>
    public static List<OutboxMessage> FailQueuedForUrn(LiteStore store, string urn, string code, string reason)
    {
        var queued = store.Outbox.Find(m => m.Urn == urn && m.Status == OutboxStatus.Queued).ToList();
        foreach (var message in queued) Fail(store, message, code, reason);
        return queued;
    }

    /// <summary>BlockContact marks an active contact Blocked: the channel refused delivery to it.</summary>
    /// <remarks>
    /// A stopped contact stays Stopped: any message the person sends lifts Blocked (writing again means they unblocked
    /// us), while only START lifts Stopped, so turning Stopped into Blocked would let any message undo a STOP.
    /// </remarks>
    public static void BlockContact(LiteStore store, long contactId)
    {
        var contact = store.Contacts.FindById(contactId);
        if (contact is null || contact.Status != ContactStatus.Active) return;
        contact.Status = ContactStatus.Blocked;
        store.Contacts.Update(contact);
        store.ContactVersions.Bump(contact.Id);
    }

    /// <summary>InsertAll inserts new messages and returns them with their ids.</summary>
    public static IReadOnlyList<OutboxMessage> InsertAll(LiteStore store, IReadOnlyList<OutboxMessage> messages)
    {
        foreach (var message in messages) store.Outbox.Insert(message);
        return messages;
    }
}

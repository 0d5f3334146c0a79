using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>ConversationWrite: everything one inbound message changes, stored atomically by <see cref="Apply"/>.</summary>
public sealed class ConversationWrite
{
    public required InboundLogEntry Inbound { get; init; }
    public required Contact Contact { get; init; }
    public required Session Session { get; init; }
    public required IReadOnlyList<OutboxMessage> Outbox { get; init; }

    /// <summary>Phone the stored contact had when the message was read: a twin is looked for only when it changes.</summary>
    public string? KnownPhone { get; init; }

    /// <summary>URNs the stored contact already had when the message was read (their owner entries need no look-up).</summary>
    public IReadOnlyCollection<string> KnownUrns { get; init; } = [];

    /// <summary>Apply stores the write inside the writer's transaction; false when the inbound was stored before (a redelivery), and then <see cref="Inbound"/>'s ContactId names the contact it was stored for.</summary>
    /// <remarks>
    /// When the contact's phone belongs to another contact (say one who signed up by SMS and now writes on
    /// Telegram), the two become one: the older contact survives with both contacts' URNs, and every inbound
    /// and outbox row of the younger is moved to it, so no history is lost.
    /// </remarks>
    public bool Apply(LiteStore store)
    {
        if (store.Inbound.FindById(Inbound.Id) is { } seen)
        {
            Inbound.ContactId = seen.ContactId; // tell the caller whose message it was
            return false;
        }

        var contact = Contact;
        var session = Session;
        var twin = contact.Phone is null || contact.Phone == KnownPhone ? null : FindTwin(store, contact);
        if (twin is not null)
        {
            var (survivor, merged) = twin.Id < contact.Id ? (twin, contact) : (contact, twin);
            var mergedUrns = merged.Clone();
            ContactMerge.Fold(survivor, merged);
            MoveHistory(store, mergedUrns, to: survivor.Id);
            store.Contacts.Delete(merged.Id);
            store.Sessions.Delete(merged.Id);
            session.ContactId = survivor.Id;
            contact = survivor;
        }
        else if (contact.Phone is not null && contact.Phone != KnownPhone && !contact.Urns.Contains("tel:" + contact.Phone))
        {
            contact.Urns.Add("tel:" + contact.Phone);
        }

        Inbound.ContactId = contact.Id;
        store.Inbound.Insert(Inbound);
        ContactRepository.Save(store, contact, twin is null ? KnownUrns : null);
        store.Sessions.Upsert(session);
        foreach (var message in Outbox)
        {
            message.ContactId = contact.Id;
            store.Outbox.Insert(message);
        }
        return true;
    }

    private static Contact? FindTwin(LiteStore store, Contact contact)
    {
        foreach (var urn in new[] { "tel:" + contact.Phone, "whatsapp:" + contact.Phone })
        {
            var owner = ContactRepository.FindByUrn(store, urn);
            if (owner is not null && owner.Id != contact.Id) return owner;
        }
        return null;
    }

    /// <summary>MoveHistory gives the survivor every inbound and outbox row of the merged contact, found through its URNs' indexes.</summary>
    private static void MoveHistory(LiteStore store, Contact merged, long to)
    {
        foreach (var urn in merged.Urns)
        {
            foreach (var entry in store.Inbound.Find(e => e.Urn == urn).Where(e => e.ContactId == merged.Id).ToList())
            {
                entry.ContactId = to;
                store.Inbound.Update(entry);
            }
            foreach (var message in store.Outbox.Find(m => m.Urn == urn).Where(m => m.ContactId == merged.Id).ToList())
            {
                message.ContactId = to;
                store.Outbox.Update(message);
            }
        }
    }
}

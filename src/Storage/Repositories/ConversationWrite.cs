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

    /// <summary>Quiz and poll attempts the step started, answered or finished; each is stored whole, replacing its earlier copy.</summary>
    public IReadOnlyList<QuizAttempt> Attempts { get; init; } = [];

    /// <summary>Phone the stored contact had when the message was read: a twin is looked for only when it changes.</summary>
    public string? KnownPhone { get; init; }

    /// <summary>URNs the stored contact already had when the message was read (their owner entries need no look-up).</summary>
    public IReadOnlyCollection<string> KnownUrns { get; init; } = [];

    /// <summary>The contact exactly as read before the flow step (null when the sender had none): the write checks it is still so.</summary>
    public Contact? ReadAs { get; init; }

    /// <summary>The contact's change stamp when it was read (<see cref="ContactVersions"/>); compared instead of the whole contact.</summary>
    public long ReadVersion { get; init; }

    /// <summary>The other contact the step was shown as owning the number being proven, and its change stamp then; the write checks it is still so.</summary>
    public (long Id, long Version)? PhoneOwnerRead { get; init; }

    /// <summary>Set by <see cref="Apply"/> when nothing was stored because the contact changed since it was read; read it again and redo the step.</summary>
    public bool Stale { get; private set; }

    /// <summary>Set by <see cref="Apply"/> for a redelivery: the replies stored the first time that are still queued.</summary>
    public IReadOnlyList<OutboxMessage> StillQueued { get; private set; } = [];

    /// <summary>Prepared: the write's documents mapped before it reached the storage thread (see <see cref="Prepare"/>), or null.</summary>
    private PreparedDocuments? _prepared;

    /// <summary>Prepare maps the inbound row, contact, session, outbox rows and quiz attempts to BsonDocuments on the caller's thread.</summary>
    /// <remarks>
    /// Mapping is most of what a write costs the one storage thread, and the pipeline's threads can do it meanwhile.
    /// They are mapped as the write will store them when it merges nothing and adds no URN (nearly always); <see cref="Apply"/>
    /// checks that and otherwise maps on the storage thread as before. Call it once, before handing the write over.
    /// </remarks>
    internal void Prepare(LiteDB.BsonMapper mapper)
    {
        var contactId = Contact.Id;
        var inbound = mapper.ToDocument(Inbound);
        inbound["ContactId"] = contactId;
        var outbox = Outbox.Select(m =>
        {
            var document = mapper.ToDocument(m);
            document["ContactId"] = contactId;
            document.Remove("_id"); // the collection gives the id
            return document;
        }).ToArray();
        var attempts = Attempts.Select(a =>
        {
            var document = mapper.ToDocument(a);
            document["ContactId"] = contactId;
            return document;
        }).ToArray();
        _prepared = new PreparedDocuments(inbound, mapper.ToDocument(Contact), mapper.ToDocument(Session), outbox, attempts, Contact.Urns.Count);
    }

    /// <summary>Committed: the contact and session documents Apply stored and the stamp it gave the contact, when it stored the prepared ones (no merge); for the committed-conversation cache once durable.</summary>
    internal LiteDb.CommittedConversations.Entry? Committed { get; private set; }

    private sealed record PreparedDocuments(LiteDB.BsonDocument Inbound, LiteDB.BsonDocument Contact, LiteDB.BsonDocument Session, LiteDB.BsonDocument[] Outbox,
        LiteDB.BsonDocument[] Attempts, int UrnCount);

    /// <summary>Apply stores the write inside the writer's transaction; false when the inbound was stored before (a redelivery), and then <see cref="Inbound"/>'s ContactId names the contact it was stored for.</summary>
    /// <remarks>
    /// When the contact's phone belongs to another contact (say one who signed up by SMS and now writes on
    /// Telegram), the two become one: the older contact survives with both contacts' URNs, and every inbound
    /// and outbox row of the younger is moved to it, so no history is lost. Only <see cref="Contact.Phone"/> (vouched for
    /// by the channel or proven by a code) does this; <see cref="Contact.UnverifiedPhone"/> claims no URN and merges nothing.
    /// </remarks>
    internal bool Apply(LiteStore store)
    {
        Stale = false;
        StillQueued = [];
        Committed = null;
        if (store.Inbound.FindById(Inbound.Id) is { } seen)
        {
            Inbound.ContactId = seen.ContactId; // tell the caller whose message it was
            // Its handling may have failed after this write committed (an fsync error, a signal that threw), so the
            // channel did not acknowledge and delivery never heard of the replies: hand back those still queued.
            // A verification code went to another URN than the sender's: look there too (the step computed the same again).
            StillQueued = [.. Outbox.Select(m => m.Urn).Append(seen.Urn).Distinct()
                .SelectMany(urn => store.Outbox.Find(m => m.Urn == urn))
                .Where(m => m.InReplyTo == Inbound.Id && m.Status == OutboxStatus.Queued)];
            return false;
        }

        // The per-URN lock does not cover a merge made through another URN (nor a phone claimed through one), so the
        // contact may have changed since it was read: writing the step's copy would then undo the merge (lose URNs and
        // profile, resurrect the folded contact) or give a URN two contacts. Refuse, and let the pipeline step again.
        if (ChangedSinceRead(store))
        {
            Stale = true;
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
            store.ContactVersions.Bump(merged.Id);
            ContactRepository.Retire(store, merged.Id);
            store.Sessions.Delete(merged.Id);
            session.ContactId = survivor.Id;
            contact = survivor;
        }
        else if (contact.Phone is not null && contact.Phone != KnownPhone && !contact.Urns.Contains("tel:" + contact.Phone))
        {
            contact.Urns.Add("tel:" + contact.Phone);
        }

        Inbound.ContactId = contact.Id;
        foreach (var message in Outbox) message.ContactId = contact.Id;
        if (twin is null && _prepared is { } prepared && prepared.UrnCount == contact.Urns.Count)
            StorePrepared(store, prepared, contact);
        else
            StoreMapped(store, contact, session, twin is null ? KnownUrns : null);
        return true;
    }

    private void StorePrepared(LiteStore store, PreparedDocuments prepared, Contact contact)
    {
        store.RawInbound.Insert(prepared.Inbound);
        store.RawContacts.Upsert(prepared.Contact);
        ContactRepository.SaveUrns(store, contact, KnownUrns);
        store.RawSessions.Upsert(prepared.Session);
        foreach (var attempt in Attempts) attempt.ContactId = contact.Id;
        foreach (var attempt in prepared.Attempts) store.RawQuizAttempts.Upsert(attempt);
        OutboxOptOut.FailQueuedOnStop(new LiteDb.LiteOutboxChanges(store), ReadAs, contact, Inbound.Id);
        for (var i = 0; i < Outbox.Count; i++)
        {
            prepared.Outbox[i].Remove("_id"); // set by an attempt rolled back with its batch: the collection gives the id again
            Outbox[i].Id = store.RawOutbox.Insert(prepared.Outbox[i]).AsInt64;
        }
        Committed = new(contact.Id, store.ContactVersions.Of(contact.Id), prepared.Contact, prepared.Session);
    }

    private void StoreMapped(LiteStore store, Contact contact, Session session, IReadOnlyCollection<string>? knownUrns)
    {
        store.Inbound.Insert(Inbound);
        ContactRepository.Save(store, contact, knownUrns);
        store.Sessions.Upsert(session);
        SaveAttempts(store, contact);
        OutboxOptOut.FailQueuedOnStop(new LiteDb.LiteOutboxChanges(store), ReadAs, contact, Inbound.Id);
        foreach (var message in Outbox) store.Outbox.Insert(message);
    }

    private void SaveAttempts(LiteStore store, Contact contact)
    {
        foreach (var attempt in Attempts)
        {
            attempt.ContactId = contact.Id;
            store.QuizAttempts.Upsert(attempt);
        }
    }

    private bool ChangedSinceRead(LiteStore store)
    {
        if (ReadAs is null) return ContactRepository.FindByUrn(store, Inbound.Urn) is not null;
        // Every write of a contact bumps its stamp, so comparing stamps costs no look-up on the storage thread.
        if (store.ContactVersions.Of(ReadAs.Id) != ReadVersion) return true;
        // The step decided what to ask about a merge from the owner as read: a changed owner means deciding again.
        return PhoneOwnerRead is { } owner && store.ContactVersions.Of(owner.Id) != owner.Version;
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

    /// <summary>MoveHistory gives the survivor every inbound and outbox row of the merged contact, found through its URNs' indexes, and its quiz attempts.</summary>
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
        foreach (var attempt in store.QuizAttempts.Find(a => a.ContactId == merged.Id).ToList())
        {
            attempt.ContactId = to;
            store.QuizAttempts.Update(attempt);
        }
    }
}

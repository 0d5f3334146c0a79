using OutreachBot.Flows.Model;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage;

/// <summary>IConversationStore: what the pipeline reads and writes to handle one inbound message.</summary>
/// <remarks>
/// The pipeline reads a snapshot, runs the pure flow step, and hands the whole result to <see cref="WriteAsync"/>, which
/// stores it atomically and durably, or stores nothing and says why (a redelivery, or a contact changed since it was read).
/// </remarks>
public interface IConversationStore
{
    /// <summary>LoadAsync reads the contact owning <paramref name="urn"/>, its session and its change stamp.</summary>
    Task<ConversationSnapshot> LoadAsync(string urn);

    /// <summary>FindPhoneOwnerAsync returns the contact other than <paramref name="contactId"/> owning <c>tel:</c> or <c>whatsapp:</c> for <paramref name="phone"/>.</summary>
    Task<PhoneOwner?> FindPhoneOwnerAsync(string phone, long contactId);

    /// <summary>WriteAsync stores the write; it completes once durable. The write's outbox rows get their ids and contact id.</summary>
    Task<ConversationWriteResult> WriteAsync(ConversationWrite write);

    /// <summary>NextContactIdAsync hands out a contact id never used before (merged-away ids included), before the first write.</summary>
    Task<long> NextContactIdAsync();
}

/// <summary>PhoneOwner: another contact owning a number, as read, and its change stamp then.</summary>
public sealed record PhoneOwner(Contact Contact, long Version);

/// <summary>WriteOutcome: what <see cref="IConversationStore.WriteAsync"/> did.</summary>
public enum WriteOutcome
{
    /// <summary>Everything was stored.</summary>
    Stored,
    /// <summary>Nothing was stored: the inbound message was stored before.</summary>
    Redelivery,
    /// <summary>Nothing was stored: the contact (or the phone's owner) changed since it was read; read it again and redo the step.</summary>
    Stale,
}

/// <summary>ConversationWriteResult: the outcome, the contact the message belongs to, and for a redelivery the replies stored the first time that are still queued.</summary>
public sealed record ConversationWriteResult(WriteOutcome Outcome, long ContactId, IReadOnlyList<Documents.OutboxMessage> StillQueued)
{
    /// <summary>The change stamp the write gave the contact, when the store knows it without asking (for its own cache).</summary>
    internal long? StoredVersion { get; init; }
}

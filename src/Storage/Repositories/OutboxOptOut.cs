using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>OutboxOptOut: what may still leave for a contact who opted out (STOP) or whose channel refused delivery.</summary>
/// <remarks>
/// A stopped contact is sent only the confirmation of their STOP and the answer to their START. Two checks enforce it:
/// the write that stores the STOP fails what is queued (<see cref="FailQueuedOnStop"/>), and every claim asks again
/// (<see cref="Refusal"/>), since a producer may insert a message after the STOP that it decided on before. Call these only
/// on the storage thread, inside a write.
/// </remarks>
public static class OutboxOptOut
{
    public const string StoppedCode = "contact_stopped";
    public const string BlockedCode = "contact_blocked";
    private const string StoppedReason = "the contact opted out (STOP): only the STOP confirmation and the answer to START are sent";
    public const string StoppedQueuedReason = StoppedReason + "; it was still queued";

    /// <summary>Refusal returns why <paramref name="message"/> must not go to a contact of <paramref name="status"/> now (null: a contact the store does not know), or null when it may.</summary>
    /// <remarks>A Blocked contact gets no more bulk; a reply answers their own new message, so it goes.</remarks>
    public static (string Code, string Reason)? Refusal(ContactStatus? status, OutboxMessage message) => status switch
    {
        ContactStatus.Stopped when message.Purpose is not (ReplyPurpose.OptOutConfirmation or ReplyPurpose.OptInAnswer)
            => (StoppedCode, StoppedReason),
        ContactStatus.Blocked when message.Priority == OutboxPriority.Bulk
            => (BlockedCode, "the contact refused delivery earlier"),
        _ => null,
    };

    /// <summary>FailRefused fails and removes from <paramref name="claimed"/> each message its contact may not be sent now; returns them with their codes.</summary>
    public static List<(OutboxMessage Message, string Code)> FailRefused(IOutboxChanges changes, List<OutboxMessage> claimed)
    {
        var failed = new List<(OutboxMessage, string)>();
        var statuses = changes.ContactStatuses([.. claimed.Select(m => m.ContactId).Distinct()]);
        foreach (var message in claimed.ToList())
        {
            if (Refusal(statuses.TryGetValue(message.ContactId, out var status) ? status : (ContactStatus?)null, message) is not { } refusal) continue;
            OutboxRepository.Fail(changes, message, refusal.Code, refusal.Reason);
            failed.Add((message, refusal.Code));
            claimed.Remove(message);
        }
        return failed;
    }

    /// <summary>FailQueuedOnStop: when a conversation write turns <paramref name="contact"/> Stopped, fails what is still queued for it on any of its URNs, except the replies to <paramref name="inboundId"/> (the STOP's own confirmation).</summary>
    /// <param name="readAs">The contact as read before the step (null for a new one): a write that keeps a stopped contact stopped changes nothing here.</param>
    public static void FailQueuedOnStop(IOutboxChanges changes, Contact? readAs, Contact contact, string inboundId)
    {
        if (contact.Status != ContactStatus.Stopped || readAs?.Status == ContactStatus.Stopped) return;
        foreach (var urn in contact.Urns)
        {
            foreach (var message in changes.QueuedFor(urn).Where(m => m.ContactId == contact.Id && m.InReplyTo != inboundId))
                OutboxRepository.Fail(changes, message, StoppedCode, StoppedQueuedReason);
        }
    }
}

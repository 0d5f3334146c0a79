using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Delivery;

/// <summary>ProvenNumberGuard: an SMS goes only to a number its contact owns; the one exception is the one-time code, to the number it proves.</summary>
/// <remarks>
/// A typed number is anyone's: until the person proves it, nothing but the code may reach it. The flows already address
/// replies that way; this check at claim time makes it certain whatever produced the row (a flow, a bulk producer), at
/// the cost of one read of the claim's contacts in its write. A row whose contact the store does not know is not a typed number
/// of anyone's and is left alone.
/// </remarks>
internal static class ProvenNumberGuard
{
    public const string ErrorCode = "unproven_number";

    /// <summary>FailUnproven fails, and takes out of <paramref name="claimed"/>, each SMS to a number its contact has not proven; call it inside the claim's write.</summary>
    public static List<(OutboxMessage Message, string Code)> FailUnproven(IOutboxChanges changes, List<OutboxMessage> claimed)
    {
        var failed = new List<(OutboxMessage, string)>();
        var sms = claimed.Where(m => m.Channel == TwilioChannels.Sms).ToList();
        if (sms.Count == 0) return failed;
        var contacts = changes.FindContacts([.. sms.Select(m => m.ContactId).Distinct()]);
        foreach (var message in sms)
        {
            if (Allows(contacts.GetValueOrDefault(message.ContactId), message)) continue;
            OutboxRepository.Fail(changes, message, ErrorCode, "the number is not proven to be the contact's; only a verification code may go to it");
            failed.Add((message, ErrorCode));
            claimed.Remove(message);
        }
        return failed;
    }

    private static bool Allows(Contact? contact, OutboxMessage message)
    {
        if (contact is null) return true;
        if (contact.Urns.Contains(message.Urn)) return true;
        return message.Purpose == ReplyPurpose.VerificationCode && contact.UnverifiedPhone is { } typed && message.Urn == "tel:" + typed;
    }
}

using OutreachBot.Bot.Channels;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.SignUp;
using OutreachBot.Storage;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Pipeline;

/// <summary>PhoneOwners: finds another contact owning the number a message may prove, so the flow can ask about what differs.</summary>
/// <remarks>
/// Only a message that can prove a number pays for the look-up: a Telegram card of the sender's own, or a code typed
/// while the contact has a typed number waiting. The flow uses the owner only once the number is proven.
/// </remarks>
internal static class PhoneOwners
{
    /// <summary>ReadAsync returns the owner of <c>tel:</c> or <c>whatsapp:</c> for that number, or null.</summary>
    public static Task<PhoneOwner?> ReadAsync(IConversationStore store, InboundMessage message, Contact? contact)
    {
        var candidate = message.Kind == InboundKind.SharedContact ? message.ChannelPhone
            : VerificationCode.Typed(message.Text) is not null ? contact?.UnverifiedPhone
            : null;
        return contact is not null && PhoneValidator.TryEgyptianMobile(candidate, out var phone)
            ? store.FindPhoneOwnerAsync(phone, contact.Id)
            : Task.FromResult<PhoneOwner?>(null);
    }
}

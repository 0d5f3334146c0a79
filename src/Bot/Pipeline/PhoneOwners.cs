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
    /// <summary>Owner: the other contact as read, and its change stamp then, for the write's changed-since-read check.</summary>
    public sealed record Owner(Contact Contact, long Version);

    /// <summary>ReadAsync returns the owner of <c>tel:</c> or <c>whatsapp:</c> for that number, or null.</summary>
    public static Task<Owner?> ReadAsync(StorageWriter writer, InboundMessage message, Contact? contact)
    {
        var candidate = message.Kind == InboundKind.SharedContact ? message.ChannelPhone
            : VerificationCode.Typed(message.Text) is not null ? contact?.UnverifiedPhone
            : null;
        if (contact is null || !PhoneValidator.TryEgyptianMobile(candidate, out var phone)) return Task.FromResult<Owner?>(null);
        return writer.ReadAsync(store =>
        {
            foreach (var urn in new[] { "tel:" + phone, "whatsapp:" + phone })
            {
                if (ContactRepository.FindByUrn(store, urn) is { } owner && owner.Id != contact.Id)
                    return new Owner(owner, store.ContactVersions.Of(owner.Id));
            }
            return null;
        });
    }
}

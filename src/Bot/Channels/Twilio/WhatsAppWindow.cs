using OutreachBot.Storage;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>WhatsAppWindow: whether free-form WhatsApp text may go to a URN now (within 24 hours of its last message, and not refused since).</summary>
public sealed class WhatsAppWindow(InboundWindowRepository inbound, StorageWriter storage)
{
    /// <summary>WhatsApp's customer-care window, less a margin for the time between Twilio receiving a message and us logging it.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromHours(24) - TimeSpan.FromMinutes(5);

    /// <summary>IsOpenAsync: the contact wrote on WhatsApp within the window, and Twilio has not refused free-form text since.</summary>
    public async Task<bool> IsOpenAsync(string urn, DateTimeOffset now)
    {
        var last = await inbound.LastInboundAtAsync(urn, TwilioChannel.WhatsAppName).ConfigureAwait(false);
        if (last is null || now - last >= Length) return false;
        var refused = await storage.ReadAsync(store => WhatsAppRefusal.ClosedAt(store, urn)).ConfigureAwait(false);
        return refused is null || refused < last;
    }
}

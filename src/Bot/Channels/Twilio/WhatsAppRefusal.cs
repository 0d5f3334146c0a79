using System.Globalization;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>WhatsAppRefusal: Twilio accepted free-form WhatsApp text, then failed it with 63016 (outside the 24-hour window).</summary>
/// <remarks>
/// Twilio usually reports 63016 this way, in a status callback, not in the REST answer. The window is then closed for that
/// URN whatever our inbound log says (until the contact writes again), and the text is queued once more so the sender
/// picks the template or SMS fallback. Both run inside the callback's storage write.
/// </remarks>
public static class WhatsAppRefusal
{
    private const string Prefix = "twilio.window-closed.";

    /// <summary>Applies: the callback is a 63016 failure of a WhatsApp message.</summary>
    public static bool Applies(OutboxMessage message, OutboxStatus next, string? errorCode) =>
        message.Channel == TwilioChannel.WhatsAppName && next is OutboxStatus.Failed or OutboxStatus.Undelivered
        && errorCode == TwilioErrors.OutsideWhatsAppWindow.ToString(CultureInfo.InvariantCulture);

    /// <summary>Record notes when the window was found closed and queues the text again; call it on the storage thread.</summary>
    public static OutboxMessage Record(LiteStore store, OutboxMessage refused, DateTimeOffset now)
    {
        store.ChannelStates.Upsert(new ChannelState { Id = Prefix + refused.Urn, Value = now.UtcTicks.ToString(CultureInfo.InvariantCulture) });
        var again = new OutboxMessage
        {
            ContactId = refused.ContactId, Channel = refused.Channel, Urn = refused.Urn, Text = refused.Text,
            Choices = [.. refused.Choices], ChoicesPerRow = refused.ChoicesPerRow, Keyboard = refused.Keyboard,
            Language = refused.Language, Priority = refused.Priority, Status = OutboxStatus.Queued,
            CreatedAt = now, NextAttemptAt = now, GroupId = refused.GroupId, InReplyTo = refused.InReplyTo,
            InboundReceivedAt = refused.InboundReceivedAt,
        };
        store.Outbox.Insert(again);
        return again;
    }

    /// <summary>ClosedAt: when Twilio last refused free-form text to <paramref name="urn"/>, or null; call it on the storage thread.</summary>
    public static DateTimeOffset? ClosedAt(LiteStore store, string urn) =>
        store.ChannelStates.FindById(Prefix + urn) is { } state && long.TryParse(state.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
}

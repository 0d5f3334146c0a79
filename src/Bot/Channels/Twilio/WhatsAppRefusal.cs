using System.Globalization;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>WhatsAppRefusal: Twilio accepted free-form WhatsApp text, then failed it with 63016 (outside the 24-hour window) in a status callback.</summary>
/// <remarks>
/// Twilio usually reports 63016 this way rather than in the REST answer. The window is then closed for that URN whatever
/// our inbound log says, until the person writes again, and the text is queued once more so the sender takes the
/// template or SMS path. Only a report that moved the row to Failed/Undelivered queues it again, so repeated reports do not;
/// a report that came before the send was settled is kept, and the sweep that applies it queues the text then.
/// </remarks>
public static class WhatsAppRefusal
{
    /// <summary>IsRefusal: a delivery report's error code says WhatsApp refused free-form text outside the window.</summary>
    public static bool IsRefusal(string? errorCode) =>
        errorCode == TwilioErrorMapper.OutsideWindow.ToString(CultureInfo.InvariantCulture);

    /// <summary>Requeue closes the URN's window and queues the refused text again, inside the write that applied the report; null when the row is not a refused WhatsApp message.</summary>
    public static OutboxMessage? Requeue(IOutboxChanges changes, OutboxMessage refused, DateTimeOffset now)
    {
        if (refused.Channel != TwilioChannels.WhatsApp || !IsRefusal(refused.ErrorCode)
            || refused.Status is not (OutboxStatus.Failed or OutboxStatus.Undelivered))
            return null;
        changes.CloseWhatsAppWindow(refused.Urn, now);
        var again = new OutboxMessage
        {
            ContactId = refused.ContactId, Channel = refused.Channel, Urn = refused.Urn, Text = refused.Text,
            Choices = [.. refused.Choices], ChoicesPerRow = refused.ChoicesPerRow, Keyboard = refused.Keyboard,
            Language = refused.Language, Priority = refused.Priority, Purpose = refused.Purpose, Status = OutboxStatus.Queued,
            CreatedAt = now, NextAttemptAt = now, GroupId = refused.GroupId, InReplyTo = refused.InReplyTo,
            InboundReceivedAt = refused.InboundReceivedAt,
        };
        changes.Insert(again);
        return again;
    }
}

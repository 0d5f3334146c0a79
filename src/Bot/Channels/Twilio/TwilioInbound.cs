using System.Globalization;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioInbound turns the form fields of Twilio's incoming-message webhook into an <see cref="InboundMessage"/>.</summary>
/// <remarks>
/// Carriers and Twilio intercept STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT (and START, HELP) on long codes, apply the
/// opt-out themselves and may still forward the message with OptOutType; we record it whichever way it comes, so the flow
/// stops the contact (and, as the carrier already answered, sends nothing). Other bodies, including Arabic opt-out words,
/// go through as text for the flow to recognise.
/// </remarks>
public static class TwilioInbound
{
    /// <summary>Parse reads one webhook; on bad input it returns null and says why in <paramref name="error"/>.</summary>
    public static InboundMessage? Parse(TwilioKind kind, IReadOnlyDictionary<string, string> form, DateTimeOffset receivedAt, out string error)
    {
        var sid = Field(form, "MessageSid") ?? Field(form, "SmsMessageSid");
        if (string.IsNullOrWhiteSpace(sid) || sid.Length > 64)
        {
            error = "MessageSid is missing.";
            return null;
        }
        if (!TwilioPhone.TryE164(Field(form, "From"), out var phone))
        {
            error = "From must be a phone number in E.164 form, e.g. +201001234567 or whatsapp:+201001234567.";
            return null;
        }
        var numMediaText = Field(form, "NumMedia");
        var numMedia = 0;
        if (!string.IsNullOrEmpty(numMediaText) && !int.TryParse(numMediaText, NumberStyles.None, CultureInfo.InvariantCulture, out numMedia))
        {
            error = "NumMedia must be a whole number.";
            return null;
        }

        var body = Field(form, "Body") ?? "";
        var kindOfMessage = (Field(form, "OptOutType") ?? "").ToUpperInvariant() switch
        {
            "STOP" => InboundKind.CarrierOptOut,
            "START" => InboundKind.CarrierOptIn,
            _ when numMedia > 0 && string.IsNullOrWhiteSpace(body) => InboundKind.Media,
            _ => InboundKind.Text,
        };

        error = "";
        return new InboundMessage(
            Channel: TwilioChannel.NameOf(kind),
            ProviderId: sid,
            Urn: UrnOf(kind, phone),
            Text: body,
            Kind: kindOfMessage,
            Traits: kind == TwilioKind.Sms ? ChannelTraits.Sms : ChannelTraits.WhatsApp,
            ReceivedAt: receivedAt,
            ChannelPhone: phone,
            DisplayName: Field(form, "ProfileName"));
    }

    /// <summary>UrnOf: "tel:+20…" for SMS, "whatsapp:+20…" for WhatsApp.</summary>
    public static string UrnOf(TwilioKind kind, string e164) => (kind == TwilioKind.Sms ? "tel:" : "whatsapp:") + e164;

    private static string? Field(IReadOnlyDictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) ? value : null;
}

using System.Globalization;
using System.Text.RegularExpressions;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioInboundParser: turns the form Twilio posts for an incoming SMS or WhatsApp message into an <see cref="InboundMessage"/>.</summary>
/// <remarks>
/// Twilio quirks: WhatsApp numbers arrive as "whatsapp:+E164"; a media-only message has NumMedia &gt; 0 and an empty Body;
/// on long codes Twilio itself handles STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT (and START/YES/UNSTOP, HELP) when
/// Advanced Opt-Out is on, and forwards the message with OptOutType=STOP|START|HELP: the opt-out is already applied,
/// so the flow must record it and stay silent (Twilio refuses our messages to that number with 21610 anyway).
/// </remarks>
internal static partial class TwilioInboundParser
{
    /// <summary>SidPattern: two letters and 32 hex digits, the shape of every Twilio SID.</summary>
    [GeneratedRegex("^[A-Za-z]{2}[0-9a-fA-F]{32}$")]
    internal static partial Regex SidPattern();

    /// <summary>TryParse builds the message, or explains (without personal data) why the form is unusable.</summary>
    public static bool TryParse(TwilioKind kind, IReadOnlyDictionary<string, string> form, DateTimeOffset receivedAt,
        out InboundMessage message, out string error)
    {
        message = null!;
        error = "";
        var sid = form.GetValueOrDefault("MessageSid") ?? form.GetValueOrDefault("SmsMessageSid");
        if (sid is null || !SidPattern().IsMatch(sid))
        {
            error = "MessageSid is missing or malformed.";
            return false;
        }
        if (!TwilioNumbers.TryNormalize(form.GetValueOrDefault("From"), out var from))
        {
            error = "From is missing or not an E.164 number.";
            return false;
        }
        var numMedia = 0;
        if (form.TryGetValue("NumMedia", out var media) && !int.TryParse(media, NumberStyles.None, CultureInfo.InvariantCulture, out numMedia))
        {
            error = "NumMedia is not a number.";
            return false;
        }

        var body = form.GetValueOrDefault("Body") ?? "";
        var kindOfMessage = (form.GetValueOrDefault("OptOutType") ?? "").Trim().ToUpperInvariant() switch
        {
            "STOP" => InboundKind.CarrierOptOut,
            "START" => InboundKind.CarrierOptIn,
            _ when numMedia > 0 && string.IsNullOrWhiteSpace(body) => InboundKind.Media,
            _ => InboundKind.Text,
        };

        message = new InboundMessage(
            Channel: TwilioChannels.NameOf(kind),
            ProviderId: sid,
            Urn: TwilioNumbers.UrnOf(kind, from),
            Text: body,
            Kind: kindOfMessage,
            Traits: kind == TwilioKind.WhatsApp ? ChannelTraits.WhatsApp : ChannelTraits.Sms,
            ReceivedAt: receivedAt,
            ChannelPhone: from,
            DisplayName: kind == TwilioKind.WhatsApp ? form.GetValueOrDefault("ProfileName") : null);
        return true;
    }
}

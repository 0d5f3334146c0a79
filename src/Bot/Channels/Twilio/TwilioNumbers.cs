using System.Text.RegularExpressions;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioNumbers: E.164 numbers and the URNs and address forms Twilio uses for them.</summary>
/// <remarks>Twilio writes WhatsApp addresses as "whatsapp:+E164" in From/To; SMS numbers are bare E.164.</remarks>
public static partial class TwilioNumbers
{
    public const string WhatsAppPrefix = "whatsapp:";
    public const string TelScheme = "tel:";

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    /// <summary>StripWhatsApp removes the "whatsapp:" prefix Twilio puts on numbers, if present.</summary>
    public static string StripWhatsApp(string address) =>
        address.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase) ? address[WhatsAppPrefix.Length..] : address;

    /// <summary>TryNormalize turns a Twilio address ("+20…", "whatsapp:+20…", with stray spaces) into E.164, or fails.</summary>
    public static bool TryNormalize(string? address, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(address)) return false;
        var candidate = StripWhatsApp(address.Trim()).Replace(" ", "", StringComparison.Ordinal);
        if (!E164().IsMatch(candidate)) return false;
        e164 = candidate;
        return true;
    }

    /// <summary>IsE164 tells whether <paramref name="number"/> is already a bare E.164 number.</summary>
    public static bool IsE164(string? number) => number is not null && E164().IsMatch(number);

    /// <summary>UrnOf builds the contact URN for a number on a Twilio kind: tel:+… or whatsapp:+….</summary>
    public static string UrnOf(TwilioKind kind, string e164) => (kind == TwilioKind.WhatsApp ? WhatsAppPrefix : TelScheme) + e164;

    /// <summary>TryNumberOfUrn takes the E.164 number out of a tel: or whatsapp: URN.</summary>
    public static bool TryNumberOfUrn(string urn, out string e164)
    {
        e164 = "";
        var colon = urn.IndexOf(':');
        if (colon < 0) return false;
        var scheme = urn[..(colon + 1)];
        if (scheme != TelScheme && scheme != WhatsAppPrefix) return false;
        var number = urn[(colon + 1)..];
        if (!E164().IsMatch(number)) return false;
        e164 = number;
        return true;
    }
}

/// <summary>TwilioKind: the two channels one Twilio account serves.</summary>
public enum TwilioKind
{
    Sms = 0,
    WhatsApp = 1,
}

/// <summary>TwilioChannels: channel names of the Twilio kinds, as used in the inbound log and the outbox.</summary>
public static class TwilioChannels
{
    public const string Sms = "sms";
    public const string WhatsApp = "whatsapp";

    public static string NameOf(TwilioKind kind) => kind == TwilioKind.WhatsApp ? WhatsApp : Sms;
}

using System.Text.RegularExpressions;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioPhone converts between Twilio's address forms ("+20…", "whatsapp:+20…") and our URNs ("tel:+20…", "whatsapp:+20…").</summary>
public static partial class TwilioPhone
{
    /// <summary>TryE164 normalises a Twilio address to E.164: drops a "whatsapp:" or "sms:" prefix, spaces and dashes; needs 8 to 15 digits.</summary>
    public static bool TryE164(string? address, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(address)) return false;
        var value = address.Trim();
        var colon = value.IndexOf(':');
        if (colon >= 0) value = value[(colon + 1)..];
        value = value.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (value.StartsWith("00", StringComparison.Ordinal)) value = "+" + value[2..];
        if (!value.StartsWith('+')) value = "+" + value;
        if (!E164().IsMatch(value)) return false;
        e164 = value;
        return true;
    }

    /// <summary>TryFromUrn takes the E.164 number out of a "tel:" or "whatsapp:" URN.</summary>
    public static bool TryFromUrn(string urn, out string e164)
    {
        e164 = "";
        return (urn.StartsWith("tel:", StringComparison.Ordinal) || urn.StartsWith("whatsapp:", StringComparison.Ordinal))
            && TryE164(urn, out e164);
    }

    /// <summary>WhatsApp: Twilio's WhatsApp address for a number ("whatsapp:+20…"), whether or not it already has the prefix.</summary>
    public static string WhatsApp(string number) =>
        number.StartsWith("whatsapp:", StringComparison.Ordinal) ? number : "whatsapp:" + number;

    [GeneratedRegex(@"^\+[1-9]\d{7,14}$")]
    private static partial Regex E164();
}

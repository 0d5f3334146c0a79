namespace OutreachBot.Bot.Logging;

/// <summary>Redact masks personal data before it reaches a log line.</summary>
public static class Redact
{
    /// <summary>Phone masks the middle of a number: "+201001234567" → "+20100****567".</summary>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "";
        if (phone.Length <= 7) return new string('*', phone.Length);
        return phone[..6] + new string('*', phone.Length - 9) + phone[^3..];
    }

    /// <summary>Urn masks the number in a phone-based URN (tel:, whatsapp:) and leaves opaque ids as they are.</summary>
    public static string Urn(string? urn)
    {
        if (string.IsNullOrEmpty(urn)) return "";
        var colon = urn.IndexOf(':');
        if (colon < 0) return urn;
        var scheme = urn[..colon];
        return scheme is "tel" or "whatsapp" ? scheme + ":" + Phone(urn[(colon + 1)..]) : urn;
    }
}

namespace OutreachBot.Bot.Logging;

/// <summary>Redact masks personal data before it reaches a log line.</summary>
public static class Redact
{
    /// <summary>Phone masks the middle of a number of any length: "+201001234567" → "+20100****567", "+6831234" → "+6****34".</summary>
    /// <remarks>Never throws: E.164 allows 8-character numbers (Niue: +683 and four digits), and logs see odd input too.</remarks>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "";
        var (prefix, suffix) = Visible(phone.Length);
        return string.Concat(phone.AsSpan(0, prefix), new string('*', phone.Length - prefix - suffix), phone.AsSpan(phone.Length - suffix));
    }

    /// <summary>Visible: how many characters stay readable at each end.</summary>
    /// <remarks>
    /// A full-length number keeps its country and operator code and last three digits, so staff can tell numbers
    /// apart; a shorter one shows less, so at least half of it is always masked.
    /// </remarks>
    private static (int Prefix, int Suffix) Visible(int length) => length switch
    {
        >= 13 => (6, 3),
        >= 8 => ((length - 2) / 3, 2),
        7 => (2, 1),
        >= 5 => (1, 0),
        _ => (0, 0),
    };

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

using System.Text.RegularExpressions;
using OutreachBot.Bot.Logging;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>PhoneMask hides phone numbers inside free text (Twilio error messages quote the 'To' number) before it is logged or stored.</summary>
public static partial class PhoneMask
{
    /// <summary>Number masks one number or phone URN ("whatsapp:+201001234567" → "whatsapp:+20100****567").</summary>
    public static string Number(string? number) =>
        number is not null && number.Contains(':') ? Redact.Urn(number) : Redact.Phone(number);

    /// <summary>InText masks every run of 7 or more digits (with an optional leading +) in <paramref name="text"/>.</summary>
    public static string InText(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Digits().Replace(text, m => Redact.Phone(m.Value));

    [GeneratedRegex(@"\+?\d{7,15}")]
    private static partial Regex Digits();
}

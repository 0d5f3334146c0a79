namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioOptions: the "Twilio" settings section; with no credentials the channel is off.</summary>
public sealed class TwilioOptions
{
    /// <summary>Twilio's own REST API; the library has it built in, so any other value is reached by rewriting the host.</summary>
    public const string DefaultApiBaseUrl = "https://api.twilio.com";

    public string? AccountSid { get; set; }

    /// <summary>Secret: signs webhooks and authenticates REST calls; never logged.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Base URL of a Twilio-compatible REST API (tests point it at a loopback fake).</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Sender number for SMS (E.164); or use <see cref="MessagingServiceSid"/>.</summary>
    public string? SmsFrom { get; set; }

    /// <summary>Messaging service that picks the SMS sender; wins over <see cref="SmsFrom"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>WhatsApp sender number (E.164, with or without the "whatsapp:" prefix); empty turns WhatsApp off.</summary>
    public string? WhatsAppFrom { get; set; }

    /// <summary>Address Twilio calls us at (behind a proxy it differs from what we see); signatures are checked over it.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Price of one SMS segment, for cost estimates.</summary>
    public decimal SmsSegmentPrice { get; set; }

    /// <summary>Approved WhatsApp template (ContentSid, Arabic) sent outside the 24-hour window; its variable "1" gets the text.</summary>
    public string? WhatsAppTemplateContentSid { get; set; }

    /// <summary>English version of the template for contacts who chose English; the Arabic one when empty.</summary>
    public string? WhatsAppTemplateContentSidEn { get; set; }

    /// <summary>TemplateFor: the template for a message in <paramref name="language"/> ("ar" or "en").</summary>
    public string? TemplateFor(string language) =>
        language == Flows.Model.Languages.English && !string.IsNullOrWhiteSpace(WhatsAppTemplateContentSidEn)
            ? WhatsAppTemplateContentSidEn
            : WhatsAppTemplateContentSid;

    /// <summary>What to do outside WhatsApp's 24-hour window.</summary>
    public WhatsAppFallback WhatsAppFallback { get; set; } = WhatsAppFallback.Template;

    /// <summary>How long one REST call may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Throttle pause when Twilio answers 429 without a Retry-After header.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>IsConfigured: both credentials are present, so the channel is on.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken);

    /// <summary>SmsEnabled: credentials and an SMS sender are present.</summary>
    public bool SmsEnabled => IsConfigured && (!string.IsNullOrWhiteSpace(SmsFrom) || !string.IsNullOrWhiteSpace(MessagingServiceSid));

    /// <summary>WhatsAppEnabled: credentials and a WhatsApp sender are present.</summary>
    public bool WhatsAppEnabled => IsConfigured && !string.IsNullOrWhiteSpace(WhatsAppFrom);
}

/// <summary>WhatsAppFallback: how a message leaves when the contact's 24-hour WhatsApp window is closed.</summary>
public enum WhatsAppFallback
{
    /// <summary>Send the approved template (<see cref="TwilioOptions.WhatsAppTemplateContentSid"/>).</summary>
    Template = 0,
    /// <summary>Send the text by SMS to the same number.</summary>
    Sms = 1,
    /// <summary>Send nothing: the message fails permanently rather than be refused by Twilio.</summary>
    None = 2,
}

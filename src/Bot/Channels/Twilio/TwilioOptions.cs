namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioOptions: configuration section "Twilio"; with neither <see cref="AccountSid"/> nor <see cref="AuthToken"/> the channel is off.</summary>
/// <remarks>SMS is on when <see cref="SmsFrom"/> or <see cref="MessagingServiceSid"/> is set, WhatsApp when <see cref="WhatsAppFrom"/> is.</remarks>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>Default REST API address; the library has no setting for it, so our HTTP handler rewrites to <see cref="ApiBaseUrl"/>.</summary>
    public const string DefaultApiBaseUrl = "https://api.twilio.com";

    /// <summary>Account SID ("AC" + 32 hex digits).</summary>
    public string? AccountSid { get; set; }

    /// <summary>Auth token (secret: it signs webhooks and authenticates REST calls; never logged).</summary>
    public string? AuthToken { get; set; }

    /// <summary>REST API address: Twilio's, any Twilio-compatible API, or a test fake.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>SMS sender number in E.164 (or use <see cref="MessagingServiceSid"/>).</summary>
    public string? SmsFrom { get; set; }

    /// <summary>Messaging Service SID ("MG…"), picks the sender from its pool; wins over <see cref="SmsFrom"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>WhatsApp sender number in E.164 (with or without the "whatsapp:" prefix).</summary>
    public string? WhatsAppFrom { get; set; }

    /// <summary>Address Twilio calls us at (scheme, host, optional path prefix): signatures are checked over it, callbacks built on it.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Price of one SMS segment, for the cost estimate in the send log.</summary>
    public decimal PricePerSegment { get; set; }

    /// <summary>Approved WhatsApp template ("HX…") sent outside the 24-hour window; the text goes in its variable {{1}}.</summary>
    public string? WhatsAppTemplateContentSid { get; set; }

    /// <summary>English version of the template ("HX…") for people who chose English; the Arabic one above when empty.</summary>
    public string? WhatsAppTemplateContentSidEn { get; set; }

    /// <summary>TemplateFor: the template for a message in <paramref name="language"/> ("ar" or "en").</summary>
    public string TemplateFor(string language) =>
        (language == Flows.Model.Languages.English && !string.IsNullOrWhiteSpace(WhatsAppTemplateContentSidEn)
            ? WhatsAppTemplateContentSidEn
            : WhatsAppTemplateContentSid ?? "").Trim();

    /// <summary>What to do with a WhatsApp message outside the 24-hour window.</summary>
    public WhatsAppOutsideWindow WhatsAppOutsideWindow { get; set; } = WhatsAppOutsideWindow.Template;

    /// <summary>Longest REST call before it counts as a transient failure.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest webhook body accepted, in bytes; larger ones get 413.</summary>
    public int MaxWebhookBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Enabled: credentials are configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(AccountSid) || !string.IsNullOrWhiteSpace(AuthToken);

    public bool SmsEnabled => Enabled && (!string.IsNullOrWhiteSpace(SmsFrom) || !string.IsNullOrWhiteSpace(MessagingServiceSid));

    public bool WhatsAppEnabled => Enabled && !string.IsNullOrWhiteSpace(WhatsAppFrom);

    /// <summary>WhatsAppSender: the configured WhatsApp number with the "whatsapp:" prefix Twilio wants.</summary>
    public string WhatsAppSender => TwilioNumbers.WhatsAppPrefix + TwilioNumbers.StripWhatsApp(WhatsAppFrom ?? "");

    /// <summary>PublicUrl joins <see cref="PublicBaseUrl"/> and a path (with its query string).</summary>
    public string PublicUrl(string pathAndQuery) => (PublicBaseUrl ?? "").TrimEnd('/') + pathAndQuery;
}

/// <summary>WhatsAppOutsideWindow: how a WhatsApp message leaves when the 24-hour customer-service window is closed.</summary>
public enum WhatsAppOutsideWindow
{
    /// <summary>Send the approved template <see cref="TwilioOptions.WhatsAppTemplateContentSid"/>.</summary>
    Template = 0,
    /// <summary>Send the text by SMS to the same number.</summary>
    Sms = 1,
}

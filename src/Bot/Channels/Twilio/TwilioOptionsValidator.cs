using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioOptionsValidator: off when unconfigured, a clear start-up error when half-configured; never echoes the token.</summary>
internal sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex ServiceSidPattern();

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    private static partial Regex ContentSidPattern();

    public ValidateOptionsResult Validate(string? name, TwilioOptions o)
    {
        if (!o.Enabled) return ValidateOptionsResult.Success;

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.AccountSid) || !AccountSidPattern().IsMatch(o.AccountSid.Trim()))
            errors.Add("Twilio:AccountSid is missing or malformed: expected 'AC' followed by 32 hex digits.");
        if (string.IsNullOrWhiteSpace(o.AuthToken))
            errors.Add("Twilio:AuthToken is missing: set it with Twilio:AccountSid, or remove both to turn the channel off.");
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != "https" && api.Scheme != "http"))
            errors.Add("Twilio:ApiBaseUrl must be an absolute http(s) URL.");
        if (!Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var pub) || (pub.Scheme != "https" && pub.Scheme != "http")
            || !string.IsNullOrEmpty(pub.Query))
            errors.Add("Twilio:PublicBaseUrl must be the absolute http(s) URL Twilio calls us at, without a query, e.g. https://bot.example.org.");
        if (!string.IsNullOrWhiteSpace(o.SmsFrom) && !TwilioNumbers.IsE164(o.SmsFrom.Trim()))
            errors.Add("Twilio:SmsFrom must be an E.164 number such as +15005550006.");
        if (!string.IsNullOrWhiteSpace(o.MessagingServiceSid) && !ServiceSidPattern().IsMatch(o.MessagingServiceSid.Trim()))
            errors.Add("Twilio:MessagingServiceSid is malformed: expected 'MG' followed by 32 hex digits.");
        if (!string.IsNullOrWhiteSpace(o.WhatsAppFrom) && !TwilioNumbers.TryNormalize(o.WhatsAppFrom, out _))
            errors.Add("Twilio:WhatsAppFrom must be an E.164 number, optionally prefixed 'whatsapp:'.");
        if (!o.SmsEnabled && !o.WhatsAppEnabled)
            errors.Add("Twilio: credentials are set but no sender: set Twilio:SmsFrom or Twilio:MessagingServiceSid, and/or Twilio:WhatsAppFrom.");
        if (o.WhatsAppEnabled && o.WhatsAppOutsideWindow == WhatsAppOutsideWindow.Template
            && (string.IsNullOrWhiteSpace(o.WhatsAppTemplateContentSid) || !ContentSidPattern().IsMatch(o.WhatsAppTemplateContentSid.Trim())))
            errors.Add("Twilio:WhatsAppTemplateContentSid must be an approved template ('HX' + 32 hex digits) when Twilio:WhatsAppOutsideWindow is Template.");
        if (!string.IsNullOrWhiteSpace(o.WhatsAppTemplateContentSidEn) && !ContentSidPattern().IsMatch(o.WhatsAppTemplateContentSidEn.Trim()))
            errors.Add("Twilio:WhatsAppTemplateContentSidEn must be an approved template ('HX' + 32 hex digits), or empty to use the Arabic one.");
        if (o.WhatsAppEnabled && o.WhatsAppOutsideWindow == WhatsAppOutsideWindow.Sms && !o.SmsEnabled)
            errors.Add("Twilio:WhatsAppOutsideWindow is Sms but SMS is not configured: set Twilio:SmsFrom or Twilio:MessagingServiceSid.");
        if (o.PricePerSegment < 0) errors.Add("Twilio:PricePerSegment must not be negative.");
        if (o.SendTimeout <= TimeSpan.Zero || o.SendTimeout > TimeSpan.FromMinutes(5)) errors.Add("Twilio:SendTimeout must be positive and at most 00:05:00.");
        if (o.MaxWebhookBodyBytes is < 1024 or > 1024 * 1024) errors.Add("Twilio:MaxWebhookBodyBytes must be between 1024 and 1048576.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

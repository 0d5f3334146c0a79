using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramOptionsValidator: rejects a malformed token or webhook setup at start-up, never echoing the token.</summary>
internal sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    // BotFather tokens are "<bot id>:<35 url-safe characters>"; we accept 30+ so a future length change does not lock us out.
    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]{30,}$")]
    private static partial Regex TokenPattern();

    // Telegram allows 1-256 of these characters; fewer than 16 can be guessed by anyone who finds the webhook URL.
    [GeneratedRegex("^[A-Za-z0-9_-]{16,256}\\z")]
    private static partial Regex SecretPattern();

    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;

        var errors = new List<string>();
        if (!TokenPattern().IsMatch(options.BotToken!.Trim()))
            errors.Add("Telegram:BotToken is malformed: expected '<digits>:<30+ letters, digits, _ or ->' as BotFather gives it.");
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != "https" && api.Scheme != "http"))
            errors.Add("Telegram:ApiBaseUrl must be an absolute http(s) URL.");
        if (options.PollTimeoutSeconds is < 0 or > 50)
            errors.Add("Telegram:PollTimeoutSeconds must be between 0 and 50.");
        if (options.PollLimit is < 1 or > 100)
            errors.Add("Telegram:PollLimit must be between 1 and 100.");
        if (options.Mode == TelegramMode.Webhook)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var hook) || hook.Scheme != "https")
                errors.Add("Telegram:WebhookUrl must be an absolute https URL in Webhook mode.");
            if (string.IsNullOrEmpty(options.WebhookSecret) || !SecretPattern().IsMatch(options.WebhookSecret))
                errors.Add("Telegram:WebhookSecret is required in Webhook mode: 16-256 of A-Z, a-z, 0-9, _ and -.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

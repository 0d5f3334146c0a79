using Telegram.Bot.Exceptions;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramRedaction: describes Bot API failures for logs without the token.</summary>
/// <remarks>
/// The token sits in every request path (/bot{token}/method), and exception messages and stack data from HttpClient can
/// carry the request URI; so we never log exception objects from the Bot API client, only this short description, with
/// anything shaped like a token cut out.
/// </remarks>
internal static partial class TelegramRedaction
{
    [System.Text.RegularExpressions.GeneratedRegex("[0-9]{3,20}:[A-Za-z0-9_-]{20,}")]
    private static partial System.Text.RegularExpressions.Regex TokenLike();

    /// <summary>Describe: exception type, Bot API code and message, with token-like text replaced.</summary>
    public static string Describe(Exception ex)
    {
        var text = ex switch
        {
            ApiRequestException api => $"{api.GetType().Name} {api.ErrorCode}: {api.Message}",
            RequestException req when req.HttpStatusCode is { } status => $"{req.GetType().Name} HTTP {(int)status}: {req.Message}",
            _ => $"{ex.GetType().Name}: {ex.Message}" + (ex.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : ""),
        };
        return Redact(text);
    }

    /// <summary>Redact replaces anything shaped like a bot token.</summary>
    public static string Redact(string text) => TokenLike().Replace(text, "[token]");
}

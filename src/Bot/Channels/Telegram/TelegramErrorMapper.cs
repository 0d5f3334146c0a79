using Telegram.Bot.Exceptions;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramErrorMapper: collapses a Bot API failure into a <see cref="SendResult"/>.</summary>
/// <remarks>
/// Bot API errors are {"ok":false,"error_code":N,"description":"...","parameters":{"retry_after":S}}. Quirks:
/// 403 covers both "bot was blocked by the user" and "user is deactivated" (and "bot can't initiate conversation");
/// 400 "chat not found" means the chat id itself is unusable; an invalid token answers 401 (or 404 on some servers),
/// which an operator fixes, so messages wait rather than fail.
/// </remarks>
internal static class TelegramErrorMapper
{
    public static SendResult Map(Exception error) => error switch
    {
        ApiRequestException { ErrorCode: 429 } api =>
            new SendResult.Throttled(TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 1))),
        ApiRequestException { ErrorCode: 403 } api => new SendResult.ContactStopped(api.Message),
        ApiRequestException { ErrorCode: 400 } api when Contains(api.Message, "chat not found") =>
            new SendResult.PermanentFailure("chat_not_found", api.Message, FlagUrn: true),
        ApiRequestException { ErrorCode: 400 } api when Contains(api.Message, "user not found") =>
            new SendResult.PermanentFailure("user_not_found", api.Message, FlagUrn: true),
        ApiRequestException { ErrorCode: 400 } api => new SendResult.PermanentFailure("bad_request", api.Message),
        ApiRequestException { ErrorCode: >= 500 } api => new SendResult.TransientFailure($"{api.ErrorCode}: {api.Message}"),
        ApiRequestException api => new SendResult.TransientFailure($"{api.ErrorCode}: {api.Message}"),
        // Non-JSON answers (a proxy's 502 page), timeouts and network errors.
        _ => new SendResult.TransientFailure(TelegramRedaction.Describe(error)),
    };

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}

using System.Globalization;
using Twilio.Exceptions;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioErrorMapper: collapses a failed Messages.json call into a <see cref="SendResult"/>.</summary>
/// <remarks>
/// Twilio answers errors with {"code":N,"message":"…","more_info":"https://www.twilio.com/docs/errors/N","status":H}.
/// Quirks: 20429 (too many requests) may come with HTTP 429 and a Retry-After header, or without the header; a proxy in
/// front may answer 5xx with an HTML page, which the library turns into an ApiException without a code or status, so
/// the HTTP status seen by <see cref="TwilioApiHandler"/> decides then. 63016 (WhatsApp free-form outside the 24-hour
/// window) is handled by the sender before mapping.
/// </remarks>
internal static partial class TwilioErrorMapper
{
    public const int OptedOut = 21610;
    public const int InvalidTo = 21211;
    public const int NotMobile = 21614;
    public const int TooManyRequests = 20429;
    public const int OutsideWindow = 63016;
    public const int AuthenticationFailed = 20003;

    /// <summary>Wait when a 429 comes without Retry-After: Twilio queues per sender at about one message a second.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public static SendResult Map(Exception error, TwilioCallRecord record)
    {
        var status = record.StatusCode ?? (error as ApiException)?.Status;
        var code = (error as ApiException)?.Code ?? 0;
        var reason = Describe(error);

        if (code == TooManyRequests || status == 429)
            return new SendResult.Throttled(record.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : DefaultRetryAfter);
        if (error is not ApiException || status is null or 0 || status >= 500)
            return new SendResult.TransientFailure(reason);
        return code switch
        {
            OptedOut => new SendResult.ContactStopped(reason),
            InvalidTo or NotMobile => new SendResult.PermanentFailure(CodeText(code), reason, FlagUrn: true),
            // Wrong credentials (20003, or a bare 401/403): an operator fixes them, so the messages wait rather than fail.
            AuthenticationFailed => new SendResult.TransientFailure(reason),
            0 when status is 401 or 403 => new SendResult.TransientFailure(reason),
            _ => new SendResult.PermanentFailure(code == 0 ? "http_" + status.Value.ToString(CultureInfo.InvariantCulture) : CodeText(code), reason),
        };
    }

    /// <summary>IsOutsideWindow tells whether Twilio refused a WhatsApp free-form message outside the 24-hour window.</summary>
    public static bool IsOutsideWindow(Exception error) => error is ApiException { Code: OutsideWindow };

    /// <summary>Describe: exception type, Twilio code and message, never the request (which carries the credentials' account).</summary>
    public static string Describe(Exception error) => MaskNumbers(error switch
    {
        ApiException api when api.Code != 0 => $"Twilio error {api.Code} (HTTP {api.Status}): {api.Message}",
        ApiException api => $"Twilio HTTP {api.Status}: {Shorten(api.Message)}",
        _ => $"{error.GetType().Name}: {Shorten(error.Message)}" + (error.InnerException is { } inner ? $" ({inner.GetType().Name}: {Shorten(inner.Message)})" : ""),
    });

    /// <summary>MaskNumbers masks phone numbers in Twilio's messages ("The 'To' number +2010… is not a valid phone number.").</summary>
    /// <remarks>Runs shorter than seven digits stay (error codes such as 21610); a longer run is masked whole, whatever its length.</remarks>
    public static string MaskNumbers(string text) => PhoneLike().Replace(text, m => Logging.Redact.Phone(m.Value));

    [System.Text.RegularExpressions.GeneratedRegex(@"\+?[0-9]{7,}")]
    private static partial System.Text.RegularExpressions.Regex PhoneLike();

    private static string CodeText(int code) => code.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

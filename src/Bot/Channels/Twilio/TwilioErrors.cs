using System.Net;
using Twilio.Exceptions;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioErrors maps a failed REST call to the few typed outcomes the delivery engine acts on.</summary>
/// <remarks>Codes: https://www.twilio.com/docs/api/errors. 63016 (outside the WhatsApp window) is handled by the sender before it gets here.</remarks>
public static class TwilioErrors
{
    /// <summary>Recipient replied STOP (or the carrier blocked us): sending again is refused until they send START.</summary>
    public const int Unsubscribed = 21610;
    /// <summary>'To' is not a valid phone number.</summary>
    public const int InvalidNumber = 21211;
    /// <summary>'To' is not a mobile number (a landline cannot get SMS).</summary>
    public const int NotMobile = 21614;
    /// <summary>Too many requests for the account.</summary>
    public const int TooManyRequests = 20429;
    /// <summary>Free-form WhatsApp message outside the 24-hour customer-care window.</summary>
    public const int OutsideWhatsAppWindow = 63016;

    /// <summary>Map turns an exception from the library (and the probed HTTP answer) into a <see cref="SendResult"/>.</summary>
    public static SendResult Map(Exception error, ResponseProbe probe, TimeSpan defaultRetryAfter)
    {
        // The library wraps network errors and timeouts (TaskCanceledException) in ApiConnectionException.
        if (error is ApiConnectionException or HttpRequestException or TaskCanceledException or TimeoutException)
            return new SendResult.TransientFailure("network: " + Describe(error));
        if (error is not ApiException api)
            return new SendResult.TransientFailure("unexpected: " + error.GetType().Name);

        var status = api.Status != 0 ? api.Status : (int?)probe.Status ?? 0;
        var code = api.Code;
        var reason = PhoneMask.InText($"{code} {api.Message}".Trim());

        if (code == TooManyRequests || status == (int)HttpStatusCode.TooManyRequests)
            return new SendResult.Throttled(probe.RetryAfter ?? defaultRetryAfter);
        if (code == Unsubscribed) return new SendResult.ContactStopped(reason);
        if (code is InvalidNumber or NotMobile)
            return new SendResult.PermanentFailure(code.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, FlagUrn: true);
        if (status >= 500 || status == 0) return new SendResult.TransientFailure($"http {status}: {reason}");
        return new SendResult.PermanentFailure(
            code != 0 ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "http" + status, reason);
    }

    private static string Describe(Exception error) =>
        error.InnerException is { } inner ? inner.GetType().Name + ": " + inner.Message : error.Message;
}

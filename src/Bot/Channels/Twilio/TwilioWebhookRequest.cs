using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using OutreachBot.Bot.Hosting;
using Twilio.Security;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioWebhookRequest: reads a Twilio form post within a size limit and checks its X-Twilio-Signature.</summary>
/// <remarks>
/// Twilio signs the URL it called (ours as the public sees it, not as Kestrel behind a proxy sees it) followed by every
/// posted parameter sorted by name, with HMAC-SHA1 keyed by the auth token. It never posts a parameter twice, so a form
/// that repeats one is malformed.
/// </remarks>
internal static class TwilioWebhookRequest
{
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>ReadAsync returns the form, or the status code that answers the request (413, 400, 403).</summary>
    public static async Task<(Dictionary<string, string>? Form, int Status, string Problem)> ReadAsync(HttpRequest request, TwilioOptions options)
    {
        if (await BodyReader.ReadLimitedAsync(request, options.MaxWebhookBodyBytes, request.HttpContext.RequestAborted) is not { } body)
            return (null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {options.MaxWebhookBodyBytes} bytes.");
        if (!(request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return (null, StatusCodes.Status400BadRequest, "Twilio webhooks are application/x-www-form-urlencoded posts.");

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            return (null, StatusCodes.Status400BadRequest, "The body is not UTF-8.");
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in QueryHelpers.ParseQuery(text))
        {
            if (values.Count != 1) return (null, StatusCodes.Status400BadRequest, "A form field is repeated.");
            form[key] = values[0] ?? "";
        }

        var signature = request.Headers[SignatureHeader].ToString();
        var url = options.PublicUrl(request.Path.Value + request.QueryString.Value);
        var validator = new RequestValidator(options.AuthToken!.Trim());
        // Configured with the README's connection overrides, the URL Twilio signs may end in them (the fragment is never sent).
        if (signature.Length == 0 || !(validator.Validate(url, form, signature)
            || validator.Validate(url + TwilioWebhookEndpoints.ConnectionOverrides, form, signature)))
            return (null, StatusCodes.Status403Forbidden, "Missing or wrong X-Twilio-Signature.");
        return (form, StatusCodes.Status200OK, "");
    }
}

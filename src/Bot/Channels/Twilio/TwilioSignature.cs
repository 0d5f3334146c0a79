using Microsoft.Extensions.Options;
using Twilio.Security;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioSignature checks X-Twilio-Signature: an HMAC of the public URL Twilio called and every posted parameter, keyed by the auth token.</summary>
/// <remarks>
/// Behind a proxy the URL we see is not the one Twilio signed, so the configured PublicBaseUrl is used when set.
/// Library quirk: RequestValidator keeps one HMACSHA1 instance, which is not thread-safe, so each check builds its own.
/// </remarks>
public sealed class TwilioSignature(IOptions<TwilioOptions> options)
{
    /// <summary>Header Twilio signs its requests with.</summary>
    public const string Header = "X-Twilio-Signature";

    private readonly string _authToken = options.Value.AuthToken ?? "";
    private readonly string? _publicBase = options.Value.PublicBaseUrl?.TrimEnd('/');

    /// <summary>IsValid: the request carries a signature that matches its URL and <paramref name="form"/>.</summary>
    public bool IsValid(HttpRequest request, IReadOnlyDictionary<string, string> form)
    {
        var signature = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(signature)) return false;
        var url = PublicUrl(request);
        try
        {
            return new RequestValidator(_authToken).Validate(url, form.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), signature);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>PublicUrl: the address Twilio called, with the query string it signed.</summary>
    public string PublicUrl(HttpRequest request)
    {
        var origin = _publicBase ?? request.Scheme + "://" + request.Host + request.PathBase;
        return origin + request.Path + request.QueryString;
    }
}

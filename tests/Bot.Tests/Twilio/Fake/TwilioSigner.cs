using System.Security.Cryptography;
using System.Text;

namespace OutreachBot.Bot.Tests.Twilio.Fake;

/// <summary>TwilioSigner signs a webhook the way Twilio does: HMAC-SHA1 over the URL followed by each parameter name and value, sorted by name, keyed by the auth token, in Base64.</summary>
/// <remarks>Written from Twilio's documented algorithm rather than with the library's validator, so the test checks the adapter against the spec.</remarks>
public static class TwilioSigner
{
    public static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal)) data.Append(key).Append(value);
        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(hash);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace OutreachBot.Bot.Tests.Twilio.Fake;

/// <summary>TwilioSigner computes X-Twilio-Signature as Twilio does: Base64(HMAC-SHA1(auth token, URL + each parameter name and value, sorted by name)).</summary>
/// <remarks>Written independently of the library's RequestValidator, so a bug there cannot make the tests agree with it.</remarks>
public static class TwilioSigner
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal)) data.Append(key).Append(value);
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(authToken));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(data.ToString())));
    }
}

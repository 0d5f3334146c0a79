using System.Security.Cryptography;
using System.Text;
using OutreachBot.Bot.Tests.Twilio.Fake;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TwilioForms: Twilio-shaped webhook forms and their signatures, built without a host so the case tables can be counted.</summary>
public static class TwilioForms
{
    public const string Sms = "/webhooks/twilio/sms";
    public const string WhatsApp = "/webhooks/twilio/whatsapp";
    public const string Status = "/webhooks/twilio/status";
    public const string FormType = "application/x-www-form-urlencoded";

    /// <summary>Sid: a Twilio-shaped SID that stays the same for the same <paramref name="seed"/>.</summary>
    public static string Sid(string seed, string prefix = "SM") =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..32];

    /// <summary>Inbound: the fields Twilio posts for an incoming message, as TwilioTestHost.InboundForm.</summary>
    public static Dictionary<string, string> Inbound(string seed, string from = "+201001234567", string body = "انضم", bool whatsApp = false)
    {
        var sid = Sid(seed);
        return new()
        {
            ["ToCountry"] = "US", ["SmsMessageSid"] = sid, ["NumMedia"] = "0", ["SmsSid"] = sid, ["SmsStatus"] = "received",
            ["Body"] = body, ["To"] = whatsApp ? "whatsapp:" + TwilioTestHost.WhatsAppFrom : TwilioTestHost.SmsFrom, ["NumSegments"] = "1",
            ["MessageSid"] = sid, ["AccountSid"] = FakeTwilioServer.AccountSid, ["From"] = whatsApp ? "whatsapp:" + from : from, ["ApiVersion"] = "2010-04-01",
        };
    }

    /// <summary>Report: a delivery report for an outbox message we never sent (so it is kept for later, never applied).</summary>
    public static Dictionary<string, string> Report(string seed, string status = "delivered") => new()
    {
        ["MessageSid"] = Sid(seed), ["MessageStatus"] = status, ["AccountSid"] = FakeTwilioServer.AccountSid, ["ApiVersion"] = "2010-04-01",
    };

    public static Dictionary<string, string> With(string field, string value, Dictionary<string, string> form) => new(form) { [field] = value };

    public static Dictionary<string, string> Without(string field, Dictionary<string, string> form)
    {
        var copy = new Dictionary<string, string>(form);
        copy.Remove(field);
        return copy;
    }

    /// <summary>Signature: X-Twilio-Signature for <paramref name="url"/> (the public one of <paramref name="path"/> unless given).</summary>
    public static string Signature(string path, IEnumerable<KeyValuePair<string, string>> form, string token = FakeTwilioServer.AuthToken, string? url = null) =>
        TwilioSigner.Sign(token, url ?? TwilioTestHost.PublicBaseUrl + path, form);

    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> form) =>
        new FormUrlEncodedContent(form).ReadAsByteArrayAsync().GetAwaiter().GetResult();
}

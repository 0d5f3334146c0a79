using System.Net;
using System.Text;
using OutreachBot.Bot.Tests.Twilio.Fake;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;
using static OutreachBot.Bot.Tests.Hostile.TwilioForms;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TwilioHostileCases: the table for the SMS and WhatsApp webhooks, each case sent to both.</summary>
public static class TwilioHostileCases
{
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    /// <summary>Signed: a form post signed as Twilio signs it, with optional content type.</summary>
    public static HostileCase Signed(string name, string path, Dictionary<string, string> form, string? contentType = FormType, params HttpStatusCode[] allowed) =>
        new(name, () => Post(path, Encode(form), contentType, ("X-Twilio-Signature", Signature(path, form))), allowed.Length == 0 ? [Bad] : allowed);

    private static HostileCase SignedStored(string name, string path, Dictionary<string, string> form, string text, string contentType = FormType) =>
        Signed(name, path, form, contentType, HttpStatusCode.OK) with { Stores = 1, StoredText = text };

    private static HostileCase Forged(string name, string path, byte[] body, string signature) =>
        new(name, () => Post(path, body, FormType, ("X-Twilio-Signature", signature)), Forbidden);

    public static IEnumerable<HostileCase> All() =>
        new[] { Sms, WhatsApp }.SelectMany(path => Bodies(path).Concat(Signatures(path)).Concat(Fields(path)).Concat(OddButValid(path)).Concat(Routes(path)))
            .Concat(TwilioStatusCases.All());

    private static IEnumerable<HostileCase> Bodies(string path)
    {
        var wa = path == WhatsApp;
        var valid = Inbound(path + " body", whatsApp: wa);
        yield return new($"{path} empty body, no signature", () => Post(path, [], FormType), Forbidden);
        yield return Signed($"{path} empty form, signed", path, []);
        yield return Signed($"{path} no content type", path, valid, null);
        yield return Signed($"{path} multipart content type", path, valid, "multipart/form-data; boundary=x");
        yield return Signed($"{path} text/plain content type", path, valid, "text/plain");
        yield return new($"{path} JSON content type", () => Post(path, Utf8("{\"From\":\"+201001234567\"}"), "application/json"), Bad);
        yield return new($"{path} 1 MiB body", () => Post(path, Utf8("Body=" + new string('a', 1024 * 1024)), FormType), HttpStatusCode.RequestEntityTooLarge);
        yield return new($"{path} just over 64 KiB", () => Post(path, Utf8("Body=" + new string('a', 64 * 1024)), FormType), HttpStatusCode.RequestEntityTooLarge);
        yield return new($"{path} 100 KiB chunked, no length", () => Chunked(path, Utf8("Body=" + new string('a', 100 * 1024)), FormType), HttpStatusCode.RequestEntityTooLarge);
        yield return new($"{path} binary garbage", () => Post(path, Garbage(2048), FormType), Bad);
        yield return new($"{path} invalid UTF-8", () => Post(path, [.. Encode(valid), .. Utf8("&Extra="), 0xC3, 0x28, 0xFF], FormType, ("X-Twilio-Signature", Signature(path, valid))), Bad);
        yield return new($"{path} UTF-16 body", () => Post(path, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(Encode(valid)))], FormType + "; charset=utf-16", ("X-Twilio-Signature", Signature(path, valid))), Bad);
        yield return new($"{path} Body posted twice", () => Post(path, [.. Encode(valid), .. Utf8("&Body=other")], FormType, ("X-Twilio-Signature", Signature(path, valid))), Bad);
        yield return new($"{path} From posted twice", () => Post(path, [.. Encode(valid), .. Utf8("&From=%2B201112223334")], FormType, ("X-Twilio-Signature", Signature(path, valid))), Bad);
    }

    private static IEnumerable<HostileCase> Signatures(string path)
    {
        var wa = path == WhatsApp;
        var valid = Inbound(path + " signatures", whatsApp: wa);
        var body = Encode(valid);
        yield return new($"{path} no signature", () => Post(path, body, FormType), Forbidden);
        yield return Forged($"{path} empty signature", path, body, "");
        yield return Forged($"{path} signed with another token", path, body, Signature(path, valid, "0123456789abcdef0123456789abcdef"));
        yield return Forged($"{path} signed for another path", path, body, Signature(path == Sms ? WhatsApp : Sms, valid));
        yield return Forged($"{path} signed over http", path, body, Signature(path, valid, url: "http://bot.example.org" + path));
        yield return Forged($"{path} signed with a trailing slash", path, body, Signature(path, valid, url: TwilioTestHost.PublicBaseUrl + path + "/"));
        yield return Forged($"{path} signed with a query string it was not sent with", path, body, Signature(path, valid, url: TwilioTestHost.PublicBaseUrl + path + "?a=1"));
        yield return Forged($"{path} signed then Body altered", path, Encode(With("Body", "STOP", valid)), Signature(path, valid));
        yield return Forged($"{path} signed then From altered", path, Encode(With("From", wa ? "whatsapp:+201112223334" : "+201112223334", valid)), Signature(path, valid));
        yield return Forged($"{path} signed then a field added", path, Encode(With("OptOutType", "STOP", valid)), Signature(path, valid));
        yield return Forged($"{path} signed then a field removed", path, Encode(Without("NumSegments", valid)), Signature(path, valid));
        yield return Forged($"{path} signature in lower case", path, body, Signature(path, valid).ToLowerInvariant());
        yield return Forged($"{path} signature not Base64", path, body, "!!!not-base64!!!");
        yield return Forged($"{path} signature of a new SID replayed", path, Encode(With("MessageSid", Sid("fresh" + path), valid)), Signature(path, valid));
        yield return new($"{path} two signature headers", () => { var r = Post(path, body, FormType, ("X-Twilio-Signature", Signature(path, valid))); r.Headers.TryAddWithoutValidation("X-Twilio-Signature", "other"); return r; }, Forbidden);
        yield return new($"{path} signature of 64 KiB", () => Post(path, body, FormType, ("X-Twilio-Signature", new string('A', 64 * 1024))), Forbidden, HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    private static IEnumerable<HostileCase> Fields(string path)
    {
        var wa = path == WhatsApp;
        Dictionary<string, string> Form(string seed) => Inbound(path + " fields " + seed, whatsApp: wa);
        string Number(string e164) => wa ? "whatsapp:" + e164 : e164;
        yield return Signed($"{path} missing MessageSid", path, Without("SmsMessageSid", Without("MessageSid", Form("a"))));
        yield return Signed($"{path} malformed MessageSid", path, With("SmsMessageSid", "x", With("MessageSid", "SM<script>", Form("b"))));
        yield return Signed($"{path} MessageSid of 33 hex digits", path, With("MessageSid", "SM" + new string('a', 33), Form("c")));
        yield return Signed($"{path} MessageSid of 5000 characters", path, With("MessageSid", "SM" + new string('f', 5000), Form("d")));
        yield return Signed($"{path} MessageSid with Arabic digits", path, With("MessageSid", "SM" + new string('٣', 32), Form("e")));
        yield return Signed($"{path} missing From", path, Without("From", Form("f")));
        yield return Signed($"{path} From not a number", path, With("From", Number("abc"), Form("g")));
        yield return Signed($"{path} From without the plus", path, With("From", Number("201001234567"), Form("h")));
        yield return Signed($"{path} From starting with +0", path, With("From", Number("+0201001234567"), Form("i")));
        yield return Signed($"{path} From of 16 digits", path, With("From", Number("+1234567890123456"), Form("j")));
        yield return Signed($"{path} From of 6 digits", path, With("From", Number("+123456"), Form("k")));
        yield return Signed($"{path} From in Arabic digits", path, With("From", Number("+٢٠١٠٠١٢٣٤٥٦٧"), Form("l")));
        yield return Signed($"{path} From with NUL", path, With("From", Number("+20100123\u00004567"), Form("m")));
        yield return Signed($"{path} NumMedia negative", path, With("NumMedia", "-1", Form("n")));
        yield return Signed($"{path} NumMedia huge", path, With("NumMedia", "99999999999999999999999", Form("o")));
        yield return Signed($"{path} NumMedia with a space", path, With("NumMedia", " 1", Form("p")));
        yield return Signed($"{path} NumMedia fractional", path, With("NumMedia", "1.0", Form("q")));
        yield return Signed($"{path} NumMedia empty", path, With("NumMedia", "", Form("r")));
    }

    private static IEnumerable<HostileCase> OddButValid(string path)
    {
        var wa = path == WhatsApp;
        var n = 0;
        Dictionary<string, string> Form(string body = "انضم", string from = "+201001234567") => Inbound($"{path} odd {n++}", from, body, wa);
        foreach (var (name, text) in OddTexts()) yield return SignedStored($"{path} Body: {name}", path, Form(text), text);
        yield return SignedStored($"{path} Body of 1600 Arabic letters", path, Form(new string('ش', 1600)), new string('ش', 1600));
        yield return SignedStored($"{path} empty Body", path, Form(""), "");
        yield return SignedStored($"{path} Body with plus signs and percents", path, Form("1+1 = 2 %20 %zz &amp;"), "1+1 = 2 %20 %zz &amp;");
        yield return SignedStored($"{path} from Niue's +683 and four digits", path, Form(from: "+6831234"), "انضم");
        yield return SignedStored($"{path} from a 9-character number", path, Form(from: "+68312345"), "انضم");
        yield return SignedStored($"{path} from a 15-digit number", path, Form(from: "+123456789012345"), "انضم");
        yield return SignedStored($"{path} From with spaces", path, Form(from: "+20 100 123 4567"), "انضم");
        yield return SignedStored($"{path} media without Body", path, With("MediaUrl0", "https://api.twilio.com/media/x", With("NumMedia", "1", Form(""))), "");
        yield return SignedStored($"{path} three media and a Body", path, With("NumMedia", "3", Form("صور")), "صور");
        yield return SignedStored($"{path} ProfileName of 20000 characters", path, With("ProfileName", new string('n', 20_000), Form()), "انضم");
        yield return SignedStored($"{path} only SmsMessageSid", path, Without("MessageSid", Form("sid")), "sid");
        yield return SignedStored($"{path} an MMS SID", path, With("MessageSid", Sid(path + " mms", "MM"), Form("mms")), "mms");
        yield return SignedStored($"{path} SID in upper case", path, With("MessageSid", Sid(path + " upper").ToUpperInvariant(), Form("upper")), "upper");
        foreach (var optOut in new[] { "STOP", "START", "HELP", "SOMETHING-NEW" })
            yield return SignedStored($"{path} OptOutType {optOut}", path, With("OptOutType", optOut, Form(optOut.ToLowerInvariant())), optOut.ToLowerInvariant());
        var extra = Form("extra");
        for (var i = 0; i < 50; i++) extra[$"Extra{i}"] = new string('x', i);
        yield return SignedStored($"{path} fifty unknown fields", path, extra, "extra");
        var many = Form("many");
        for (var i = 0; i < 2000; i++) many["F" + i] = "v";
        yield return SignedStored($"{path} 2000 fields", path, many, "many");
        yield return SignedStored($"{path} content type with a charset", path, Form("charset"), "charset", FormType + "; charset=utf-8");
        yield return SignedStored($"{path} content type in capitals", path, Form("caps"), "caps", FormType.ToUpperInvariant());
        var query = Form("query");
        yield return new HostileCase($"{path} signed with its query string", () => Post(path + "?source=x", Encode(query), FormType,
            ("X-Twilio-Signature", Signature(path, query, url: TwilioTestHost.PublicBaseUrl + path + "?source=x"))), HttpStatusCode.OK) { Stores = 1, StoredText = "query" };
        // Twilio resends a webhook it got no answer for: the same signed request is answered 200 and handled once.
        var first = Form("مرة");
        yield return SignedStored($"{path} a message to be replayed", path, first, "مرة");
        yield return Signed($"{path} the same request replayed", path, first, FormType, HttpStatusCode.OK);
        yield return Signed($"{path} replayed with fields in another order", path, first.Reverse().ToDictionary(), FormType, HttpStatusCode.OK);
    }

    private static IEnumerable<HostileCase> Routes(string path) =>
    [
        new($"{path} GET", () => Send(HttpMethod.Get, path), HttpStatusCode.MethodNotAllowed),
        new($"{path} PUT", () => Send(HttpMethod.Put, path), HttpStatusCode.MethodNotAllowed),
        new($"{path} DELETE", () => Send(HttpMethod.Delete, path), HttpStatusCode.MethodNotAllowed),
        new($"{path} PATCH", () => Send(HttpMethod.Patch, path), HttpStatusCode.MethodNotAllowed),
    ];
}

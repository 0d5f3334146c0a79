using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>SimulatorHostileCases: the table for POST and GET /api/simulator/messages, /metrics and /healthz.</summary>
public static class SimulatorHostileCases
{
    public const string Messages = "/api/simulator/messages";
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode NotAllowed = HttpStatusCode.MethodNotAllowed;

    private static HostileCase Json(string name, string json, params HttpStatusCode[] allowed) =>
        new(name, () => Post(Messages, Utf8(json), "application/json"), allowed.Length == 0 ? [Bad] : allowed);

    private static HostileCase StoredJson(string name, string json, string? text, string contentType = "application/json") =>
        Stored(name, () => Post(Messages, Utf8(json), contentType), text);

    // Unescaped, as a client would send it: Arabic takes 2 bytes a letter, not the 6 of "\u0634".
    private static readonly JsonSerializerOptions Raw = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Message(string from, string text, string? id = null) =>
        JsonSerializer.Serialize(new { from, text, id }, Raw);

    private static HostileCase Get(string name, string path, params HttpStatusCode[] allowed) =>
        new(name, () => Send(HttpMethod.Get, path), allowed);

    public static IEnumerable<HostileCase> All() => [.. Bodies(), .. Fields(), .. OddButValid(), .. Routes()];

    /// <summary>Bodies that are not one JSON object of the right shape.</summary>
    private static IEnumerable<HostileCase> Bodies() =>
    [
        new("empty body", () => Post(Messages, [], "application/json"), Bad),
        new("no body, no content type", () => Post(Messages, null, null), Bad),
        new("form body", () => Post(Messages, Utf8("from=alice&text=hi"), "application/x-www-form-urlencoded"), Bad),
        new("1 MiB body", () => Post(Messages, Utf8(Message("big", new string('a', 1024 * 1024))), "application/json"), HttpStatusCode.RequestEntityTooLarge),
        new("just over 64 KiB", () => Post(Messages, Utf8(Message("big", new string('a', 64 * 1024 - 24))), "application/json"), HttpStatusCode.RequestEntityTooLarge),
        new("100 KiB chunked, no length", () => Chunked(Messages, Utf8(Message("big", new string('b', 100 * 1024))), "application/json"), HttpStatusCode.RequestEntityTooLarge),
        new("binary garbage", () => Post(Messages, Garbage(4096), "application/json"), Bad),
        new("invalid UTF-8 inside a string", () => Post(Messages, [.. Utf8("{\"from\":\"bad\",\"text\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}")], "application/json"), Bad),
        new("invalid UTF-8 in from", () => Post(Messages, [.. Utf8("{\"from\":\""), 0xFE, .. Utf8("\",\"text\":\"hi\"}")], "application/json"), Bad),
        new("overlong UTF-8 slash", () => Post(Messages, [.. Utf8("{\"from\":\"a"), 0xC0, 0xAF, .. Utf8("\",\"text\":\"hi\"}")], "application/json"), Bad),
        new("UTF-8 encoded surrogate", () => Post(Messages, [.. Utf8("{\"from\":\"a\",\"text\":\""), 0xED, 0xA0, 0x80, .. Utf8("\"}")], "application/json"), Bad),
        new("UTF-16 body", () => Post(Messages, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"from\":\"u16\",\"text\":\"hi\"}")], "application/json; charset=utf-16"), Bad),
        Json("only white space", "   \r\n\t "),
        Json("JSON null", "null"),
        Json("JSON true", "true"),
        Json("JSON array", "[]"),
        Json("JSON string", "\"from\""),
        Json("JSON number", "42"),
        Json("empty object", "{}"),
        Json("trailing comma", "{\"from\":\"a\",\"text\":\"hi\",}"),
        Json("single quotes", "{'from':'a','text':'hi'}"),
        Json("comment", "{\"from\":\"a\" /* who */,\"text\":\"hi\"}"),
        Json("unquoted keys", "{from:\"a\",text:\"hi\"}"),
        Json("NaN", "{\"from\":\"a\",\"text\":NaN}"),
        Json("two objects", "{\"from\":\"a\",\"text\":\"hi\"}{\"from\":\"b\",\"text\":\"hi\"}"),
        Json("object then garbage", "{\"from\":\"a\",\"text\":\"hi\"} trailing"),
        Json("truncated JSON", "{\"from\":\"cut\",\"text\":\"h"),
        Json("unterminated escape", "{\"from\":\"a\",\"text\":\"\\u12\"}"),
        Json("lone surrogate escape", "{\"from\":\"a\",\"text\":\"\\ud800\"}"),
        Json("text nested 10000 deep", "{\"from\":\"deep\",\"text\":" + Nested(10_000) + "}"),
        Json("unknown field nested 100 deep", "{\"from\":\"deep\",\"text\":\"hi\",\"x\":" + Nested(100) + "}"),
    ];

    /// <summary>Fields of the wrong type, shape or size.</summary>
    private static IEnumerable<HostileCase> Fields() =>
    [
        Json("from is a number", "{\"from\":42,\"text\":\"hi\"}"),
        Json("from is null", "{\"from\":null,\"text\":\"hi\"}"),
        Json("from is an object", "{\"from\":{\"a\":1},\"text\":\"hi\"}"),
        Json("from is an array", "{\"from\":[\"a\"],\"text\":\"hi\"}"),
        Json("from is empty", "{\"from\":\"\",\"text\":\"hi\"}"),
        Json("from with a space", "{\"from\":\"a b\",\"text\":\"hi\"}"),
        Json("from with a slash", "{\"from\":\"../etc\",\"text\":\"hi\"}"),
        Json("from with a colon", "{\"from\":\"tel:+201001234567\",\"text\":\"hi\"}"),
        Json("from in Arabic", "{\"from\":\"علي\",\"text\":\"hi\"}"),
        Json("from with NUL", "{\"from\":\"a\\u0000\",\"text\":\"hi\"}"),
        Json("from ending in a new line", "{\"from\":\"alice\\n\",\"text\":\"hi\"}"),
        Json("from of 65 characters", "{\"from\":\"" + new string('a', 65) + "\",\"text\":\"hi\"}"),
        Json("missing from", "{\"text\":\"hi\"}"),
        Json("text is an array", "{\"from\":\"types\",\"text\":[1,2]}"),
        Json("text is a number", "{\"from\":\"types\",\"text\":12}"),
        Json("text is true", "{\"from\":\"types\",\"text\":true}"),
        Json("text is an object", "{\"from\":\"types\",\"text\":{\"t\":\"hi\"}}"),
        Json("id is a huge number", "{\"from\":\"types\",\"text\":\"hi\",\"id\":1e400}"),
        Json("id is a number", "{\"from\":\"types\",\"text\":\"hi\",\"id\":7}"),
        Json("id is an object", "{\"from\":\"types\",\"text\":\"hi\",\"id\":{}}"),
        Json("id of 129 characters", "{\"from\":\"longid\",\"text\":\"hi\",\"id\":\"" + new string('i', 129) + "\"}"),
        Json("id of 4000 characters", "{\"from\":\"longid\",\"text\":\"hi\",\"id\":\"" + new string('i', 4000) + "\"}"),
        Json("id of 600 Arabic letters", "{\"from\":\"longid\",\"text\":\"hi\",\"id\":\"" + new string('ع', 600) + "\"}"),
    ];

    /// <summary>Requests that look odd but are valid: each is answered 200 and stores exactly what was sent.</summary>
    private static IEnumerable<HostileCase> OddButValid()
    {
        var n = 0;
        foreach (var (name, text) in OddTexts())
            yield return StoredJson("text: " + name, Message("odd" + n++, text), text);
        yield return StoredJson("text null", "{\"from\":\"odd-null\",\"text\":null}", "");
        yield return StoredJson("text missing", "{\"from\":\"odd-missing\"}", "");
        yield return StoredJson("escaped NUL in text", "{\"from\":\"odd-nul\",\"text\":\"a\\u0000b\"}", "a\0b");
        yield return StoredJson("text of 20000 Arabic letters", Message("odd-long", new string('ش', 20_000)), new string('ش', 20_000));
        yield return StoredJson("from of 64 characters", Message(new string('f', 64), "hi"), "hi");
        yield return StoredJson("from of dots and dashes", Message("..-_.", "hi"), "hi");
        yield return StoredJson("id of 128 characters", Message("odd-id", "hi", new string('i', 128)), "hi");
        yield return StoredJson("id of 128 Arabic letters", Message("odd-id", "hi", new string('ع', 128)), "hi");
        yield return StoredJson("id of white space gets a fresh one", Message("odd-id", "hi", "   "), "hi");
        yield return StoredJson("property names in capitals", "{\"FROM\":\"odd-caps\",\"TEXT\":\"hi\"}", "hi");
        yield return StoredJson("unknown properties", "{\"from\":\"odd-extra\",\"text\":\"hi\",\"channel\":\"telegram\",\"admin\":true}", "hi");
        yield return StoredJson("text/plain content type", Message("odd-plain", "hi"), "hi", "text/plain");
        yield return StoredJson("charset latin1 on a UTF-8 body", Message("odd-charset", "نعم"), "نعم", "application/json; charset=latin1");
        yield return new HostileCase("a resend with the same id", () => Post(Messages, Utf8(Message("odd-id", "hi", new string('i', 128))), "application/json"), Ok);
    }

    /// <summary>Methods and paths around the public endpoints.</summary>
    private static IEnumerable<HostileCase> Routes() =>
    [
        new("64 KiB header", () => Post(Messages, Utf8("{\"text\":\"hdr\"}"), "application/json", ("X-Padding", new string('x', 64 * 1024))), Bad, HttpStatusCode.RequestHeaderFieldsTooLarge),
        new("PUT messages", () => new HttpRequestMessage(HttpMethod.Put, Messages) { Content = JsonContent.Create(new { from = "m", text = "hi" }) }, NotAllowed),
        new("PATCH messages", () => new HttpRequestMessage(HttpMethod.Patch, Messages) { Content = JsonContent.Create(new { from = "m", text = "hi" }) }, NotAllowed),
        new("DELETE messages", () => Send(HttpMethod.Delete, Messages), NotAllowed),
        new("OPTIONS messages", () => Send(HttpMethod.Options, Messages), NotAllowed),
        new("GET messages without a user", () => Send(HttpMethod.Get, Messages), NotAllowed),
        new("DELETE messages of a user", () => Send(HttpMethod.Delete, Messages + "/alice"), NotAllowed),
        new("POST messages of a user", () => Post(Messages + "/alice", Utf8("{}"), "application/json"), NotAllowed),
        Get("messages of a user", Messages + "/alice", Ok),
        Get("messages of a user in Arabic", Messages + "/" + Uri.EscapeDataString("علي"), Ok),
        Get("messages of a user of 4000 characters", Messages + "/" + new string('u', 4000), Ok, Bad),
        Get("messages of a user with invalid UTF-8 escapes", Messages + "/a%C3%28%FFb", Ok, Bad),
        Get("messages of a user with an escaped new line", Messages + "/a%0Ab", Ok, Bad), // (an escaped NUL the test server itself refuses to send)
        Get("path traversal", Messages + "/..%2F..%2Fetc", Ok, Bad, HttpStatusCode.NotFound),
        Get("messages path in capitals", "/API/SIMULATOR/MESSAGES/alice", Ok),
        new("unknown simulator path", () => Post("/api/simulator/nothing", Utf8("{}"), "application/json"), HttpStatusCode.NotFound),
        Get("simulator root", "/api/simulator", HttpStatusCode.NotFound),
        Get("site root", "/", HttpStatusCode.NotFound),
        Get("favicon", "/favicon.ico", HttpStatusCode.NotFound),
        Get("metrics", "/metrics", Ok),
        Get("metrics with a query", "/metrics?format=json&x=%00", Ok),
        new("metrics asking for OpenMetrics", () => new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Accept", "application/openmetrics-text; version=1.0.0" } } }, Ok),
        Get("metrics sub-path", "/metrics/extra", HttpStatusCode.NotFound),
        new("POST metrics", () => Post("/metrics", Utf8("x"), "text/plain"), NotAllowed),
        new("DELETE metrics", () => Send(HttpMethod.Delete, "/metrics"), NotAllowed),
        new("POST metrics with 1 MiB", () => Post("/metrics", new byte[1024 * 1024], "application/octet-stream"), NotAllowed),
        Get("healthz", "/healthz", Ok),
        Get("healthz with a query", "/healthz?verbose=1", Ok),
        Get("healthz sub-path", "/healthz/extra", HttpStatusCode.NotFound),
        new("POST healthz", () => Post("/healthz", Utf8("x"), "text/plain"), NotAllowed),
        new("PUT healthz", () => Send(HttpMethod.Put, "/healthz"), NotAllowed),
        new("healthz with a 64 KiB header", () => new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { { "X-Padding", new string('x', 64 * 1024) } } }, Ok, HttpStatusCode.RequestHeaderFieldsTooLarge),
    ];
}

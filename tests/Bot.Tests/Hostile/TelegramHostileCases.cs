using System.Net;
using System.Text;
using OutreachBot.Bot.Tests.Telegram.Updates;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TelegramHostileCases: the table for POST /webhooks/telegram: secrets, bodies and malformed updates.</summary>
/// <remarks>A well-formed JSON update that we cannot use answers 200 on purpose: Telegram would retry any other answer forever.</remarks>
public static class TelegramHostileCases
{
    public const string Path = "/webhooks/telegram";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    public const string Secret = "s3cret_Value-1-webhook";
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;

    public static HttpRequestMessage Update(byte[] body, string? contentType = "application/json", string? secret = Secret) =>
        secret is null ? Post(Path, body, contentType) : Post(Path, body, contentType, (SecretHeader, secret));

    /// <summary>Skipped: JSON that must be answered 200 (so Telegram stops resending it) and store nothing.</summary>
    public static HostileCase Skipped(string name, string json) => new(name, () => Update(Utf8(json)), Ok);

    private static HostileCase Refused(string name, string json) => new(name, () => Update(Utf8(json)), Bad);

    private static HostileCase WithSecret(string name, string? secret, int id) =>
        new(name, () => Update(Utf8(RecordedUpdates.Text(id, "hi")), secret: secret), Unauthorized);

    private static string TextWith(string replace, string with, int updateId) => RecordedUpdates.Text(updateId, "hi").Replace(replace, with, StringComparison.Ordinal);

    public static IEnumerable<HostileCase> All() =>
        [.. Secrets(), .. Bodies(), .. Malformed(), .. TelegramUpdateCases.UpdateTypes(), .. TelegramUpdateCases.OddButValid(), .. Routes()];

    private static IEnumerable<HostileCase> Secrets() =>
    [
        WithSecret("no secret", null, 1),
        WithSecret("wrong secret", "s3cret_Value-2-webhook", 2),
        WithSecret("secret in another case", Secret.ToUpperInvariant(), 3),
        WithSecret("secret prefix", Secret[..^1], 4),
        WithSecret("secret with one more character", Secret + "x", 5),
        WithSecret("secret with the first character changed", "t" + Secret[1..], 6),
        WithSecret("empty secret", "", 7),
        WithSecret("secret with non-ASCII", "سر", 8),
        WithSecret("secret with a tab inside", Secret[..5] + "\t" + Secret[5..], 9),
        WithSecret("secret of 256 characters", new string('s', 256), 10),
        WithSecret("secret twice, comma-joined", Secret + "," + Secret, 11),
        WithSecret("bearer secret", "Bearer " + Secret, 12),
        new("secret of 64 KiB", () => Update(Utf8(RecordedUpdates.Text(13, "hi")), secret: new string('s', 64 * 1024)), Unauthorized, HttpStatusCode.RequestHeaderFieldsTooLarge),
        new("secret in two headers", () => { var r = Update(Utf8(RecordedUpdates.Text(14, "hi")), secret: Secret); r.Headers.TryAddWithoutValidation(SecretHeader, "other"); return r; }, Unauthorized),
        new("secret in the query string", () => Post(Path + "?secret_token=" + Secret, Utf8(RecordedUpdates.Text(15, "hi")), "application/json"), Unauthorized),
        new("secret in Authorization", () => Post(Path, Utf8(RecordedUpdates.Text(16, "hi")), "application/json", ("Authorization", "Bearer " + Secret)), Unauthorized),
        new("secret header under another name", () => Post(Path, Utf8(RecordedUpdates.Text(17, "hi")), "application/json", ("X-Telegram-Secret", Secret)), Unauthorized),
        new("no secret and a 1 MiB body", () => Update(new byte[1024 * 1024 + 10], secret: null), Unauthorized),
    ];

    private static IEnumerable<HostileCase> Bodies() =>
    [
        new("empty body", () => Update([]), Bad),
        new("no body, no content type", () => Update([], contentType: null), Bad),
        new("text/plain garbage", () => Update(Utf8("hello"), "text/plain"), Bad),
        new("1 MiB+ body", () => Update(Utf8(RecordedUpdates.Text(20, new string('a', 1024 * 1024 + 10)))), HttpStatusCode.RequestEntityTooLarge),
        new("2 MiB chunked, no length", () => Chunked(Path, Utf8(RecordedUpdates.Text(21, new string('a', 2 * 1024 * 1024))), "application/json", (SecretHeader, Secret)), HttpStatusCode.RequestEntityTooLarge),
        new("binary garbage", () => Update(Garbage(4096)), Bad),
        // Well-formed JSON around a string that is not UTF-8: skipped as an update nobody can read, not stored.
        new("invalid UTF-8 in the text", () => Update([.. Utf8("{\"update_id\":22,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}}")]), Ok),
        new("UTF-8 encoded surrogate in the text", () => Update([.. Utf8("{\"update_id\":23,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\""), 0xED, 0xA0, 0x80, .. Utf8("\"}}")]), Ok),
        new("UTF-16 body", () => Update([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(RecordedUpdates.Text(24, "hi"))], "application/json; charset=utf-16"), Bad),
        Refused("trailing comma", RecordedUpdates.Text(25, "hi").TrimEnd()[..^1] + ",}"),
        Refused("comment", "{\"update_id\":26 /* x */}"),
        Refused("single quotes", "{'update_id':27}"),
        Refused("truncated JSON", RecordedUpdates.Text(28, "hi")[..40]),
        Refused("two updates back to back", RecordedUpdates.Text(29, "a").Trim() + RecordedUpdates.Text(30, "b").Trim()),
        Refused("nested 10000 deep", "{\"update_id\":31,\"message\":" + Nested(10_000) + "}"),
        Skipped("JSON null", "null"),
        Skipped("JSON array", "[]"),
        Skipped("JSON number", "42"),
        Skipped("JSON string", "\"update\""),
        Skipped("empty object", "{}"),
    ];

    /// <summary>Updates Telegram would never send: logged and skipped, never stored.</summary>
    private static IEnumerable<HostileCase> Malformed() =>
    [
        Skipped("update_id is a string", TextWith("\"update_id\":900", "\"update_id\":\"900\"", 900)),
        Skipped("update_id is huge", TextWith("\"update_id\":901", "\"update_id\":1e400", 901)),
        Skipped("update_id beyond Int32", TextWith("\"update_id\":902", "\"update_id\":9999999999", 902)),
        Skipped("update_id is fractional", TextWith("\"update_id\":903", "\"update_id\":903.5", 903)),
        Skipped("no update_id", TextWith("\"update_id\":904,", "", 904)),
        Skipped("message_id missing", TextWith("\"message_id\":905,", "", 905)),
        Skipped("message_id zero", TextWith("\"message_id\":906", "\"message_id\":0", 906)),
        Skipped("message_id negative", TextWith("\"message_id\":907", "\"message_id\":-7", 907)),
        Skipped("message_id huge", TextWith("\"message_id\":908", "\"message_id\":1e20", 908)),
        Skipped("message_id is a string", RecordedUpdates.Unparseable(909)),
        Skipped("text is a number", TextWith("\"text\":\"hi\"", "\"text\":12", 910)),
        Skipped("text is an object", TextWith("\"text\":\"hi\"", "\"text\":{\"a\":1}", 911)),
        Skipped("lone surrogate escape in the text", TextWith("\"text\":\"hi\"", "\"text\":\"\\ud800\"", 912)),
        Skipped("chat missing", RecordedUpdates.MissingChat(913)),
        Skipped("chat is null", "{\"update_id\":914,\"message\":{\"message_id\":1,\"date\":1,\"chat\":null,\"text\":\"hi\"}}"),
        Skipped("chat id zero", "{\"update_id\":915,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":0,\"type\":\"private\"},\"text\":\"hi\"}}"),
        Skipped("chat id is huge", "{\"update_id\":916,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":1e30,\"type\":\"private\"},\"text\":\"hi\"}}"),
        // A chat type newer than the library is taken as not private: stored as a group message, never answered.
        Stored("chat type unknown", () => Update(Utf8("{\"update_id\":917,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":5,\"type\":\"hyperspace\"},\"text\":\"hi\"}}")), "hi"),
        Skipped("date is a string", "{\"update_id\":918,\"message\":{\"message_id\":1,\"date\":\"yesterday\",\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"hi\"}}"),
        Skipped("date beyond year 9999", "{\"update_id\":919,\"message\":{\"message_id\":1,\"date\":999999999999999,\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"hi\"}}"),
        Skipped("entities are a string", TextWith("\"text\":\"hi\"", "\"text\":\"hi\",\"entities\":\"bold\"", 920)),
        Skipped("message is an array", "{\"update_id\":921,\"message\":[1,2,3]}"),
        Skipped("message is a string", "{\"update_id\":922,\"message\":\"hi\"}"),
        Skipped("media message without sender", "{\"update_id\":923,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":5,\"type\":\"private\"},\"sticker\":{\"file_id\":\"x\",\"file_unique_id\":\"y\",\"type\":\"regular\",\"width\":1,\"height\":1,\"is_animated\":false,\"is_video\":false}}}"),
        Skipped("callback without sender", "{\"update_id\":924,\"callback_query\":{\"id\":\"q\",\"data\":\"1\"}}"),
        Skipped("callback without id", RecordedUpdates.Callback(925, "1").Replace("\"id\":\"2383719187316283712\",", "", StringComparison.Ordinal)),
        Skipped("callback with an empty id", RecordedUpdates.Callback(926, "1", queryId: "")),
        Skipped("callback id of 5000 characters", RecordedUpdates.Callback(927, "1", queryId: new string('9', 5000))),
        Skipped("callback without data", RecordedUpdates.Callback(928, "1").Replace(",\"data\":\"1\"", "", StringComparison.Ordinal)),
        Skipped("unknown update type", RecordedUpdates.UnknownType(929)),
        Skipped("update type of the future with an object", "{\"update_id\":930,\"something_new\":{\"x\":1}}"),
    ];

    private static IEnumerable<HostileCase> Routes() =>
    [
        new("GET webhook", () => Send(HttpMethod.Get, Path), HttpStatusCode.MethodNotAllowed),
        new("PUT webhook", () => Send(HttpMethod.Put, Path), HttpStatusCode.MethodNotAllowed),
        new("DELETE webhook", () => Send(HttpMethod.Delete, Path), HttpStatusCode.MethodNotAllowed),
        new("unknown path", () => Post("/webhooks/telegram/extra", Utf8("{}"), "application/json"), HttpStatusCode.NotFound),
        new("webhooks root", () => Post("/webhooks", Utf8("{}"), "application/json"), HttpStatusCode.NotFound),
        new("metrics", () => Send(HttpMethod.Get, "/metrics"), Ok),
        new("healthz", () => Send(HttpMethod.Get, "/healthz"), Ok),
    ];
}

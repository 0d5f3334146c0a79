using System.Net;
using System.Text;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>HostileCase: one hostile request (built fresh each time it is sent), the status codes that answer it correctly, and what it may store.</summary>
/// <remarks>
/// A refusal (4xx) must leave the store exactly as it was. A 2xx adds exactly <see cref="Stores"/> inbound messages (0 for an
/// update or report that is knowingly skipped, which then changes no contact, session or outbox either), stored with
/// <see cref="StoredText"/> when that is given. No case may ever be answered 5xx.
/// </remarks>
public sealed record HostileCase(string Name, Func<HttpRequestMessage> Build, params HttpStatusCode[] Allowed)
{
    /// <summary>Inbound messages a 2xx answer stores.</summary>
    public int Stores { get; init; }

    /// <summary>Text of the stored message, exactly, when it is checked.</summary>
    public string? StoredText { get; init; }

    /// <summary>Stored: an odd but valid request that must be answered 200 and store one message with <paramref name="text"/>.</summary>
    public static HostileCase Stored(string name, Func<HttpRequestMessage> build, string? text) =>
        new(name, build, HttpStatusCode.OK) { Stores = 1, StoredText = text };

    public static HttpRequestMessage Post(string path, byte[]? body, string? contentType, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>Chunked: a body sent without Content-Length, so only reading it shows how long it is.</summary>
    public static HttpRequestMessage Chunked(string path, byte[] body, string contentType, params (string Name, string Value)[] headers)
    {
        var request = Post(path, null, null, headers);
        request.Content = new StreamContent(new MemoryStream(body));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    public static HttpRequestMessage Send(HttpMethod method, string path) => new(method, path);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Garbage: deterministic binary bytes, NULs and invalid UTF-8 included.</summary>
    public static byte[] Garbage(int length)
    {
        var random = new Random(42);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0x00;
        return bytes;
    }

    /// <summary>Nested: a JSON value nested <paramref name="depth"/> arrays deep.</summary>
    public static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>Unicode edge cases that are valid text and must be stored exactly as sent.</summary>
    public static IEnumerable<(string Name, string Text)> OddTexts() =>
    [
        ("presentation forms", "ﺗﻮﻗﻒ ﺍﻧﻀﻢ ﻻ"),
        ("fullwidth Latin", "ＳＴＯＰ ｊｏｉｎ １２３"),
        ("RTL override and isolates", "\u202Eنعم\u202C \u2067abc\u2069"),
        ("zero-width characters", "ن\u200Bع\u200Cم\u200D\uFEFF"),
        ("1000 combining marks", "ا" + new string('\u0651', 1000)),
        ("emoji ZWJ sequence and flag", "👨‍👩‍👧‍👦 🇪🇬 🏳️‍🌈"),
        ("astral letters", "𝕊𝕋𝕆ℙ 𐤀𐤁"),
        ("noncharacters", "\uFDD0\uFFFE\uFFFF"),
        ("controls and NUL", "\0\u0001\u0007\u001b\u007f"),
        ("only new lines", "\r\n\r\n"),
        ("Arabic-Indic and Persian digits", "١٢٣ ۴۵۶"),
        ("tatweel run", "ع" + new string('ـ', 3000) + "ربي"),
    ];

    public override string ToString() => Name;
}

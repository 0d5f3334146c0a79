using System.Net;
using System.Text;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>HostileCase: one hostile request (built fresh each time it is sent) and the status codes that answer it correctly.</summary>
public sealed record HostileCase(string Name, Func<HttpRequestMessage> Build, params HttpStatusCode[] Allowed)
{
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

    public override string ToString() => Name;
}

/// <summary>HostileRun: sends every case, collects every wrong answer, so one run reports all of them at once.</summary>
public static class HostileRun
{
    public static async Task<List<string>> SendAllAsync(HttpClient client, IEnumerable<HostileCase> cases, Func<Task<int>> storedCount)
    {
        var failures = new List<string>();
        foreach (var hostile in cases)
        {
            var before = await storedCount();
            using var response = await client.SendAsync(hostile.Build());
            var body = await response.Content.ReadAsStringAsync();
            if (!hostile.Allowed.Contains(response.StatusCode))
                failures.Add($"{hostile.Name}: {(int)response.StatusCode} (wanted {string.Join("/", hostile.Allowed.Select(s => (int)s))}) {Shorten(body)}");
            var after = await storedCount();
            if (after != before && (int)response.StatusCode >= 400)
                failures.Add($"{hostile.Name}: refused with {(int)response.StatusCode} but stored {after - before} message(s)");
        }
        return failures;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

using System.Buffers;

namespace OutreachBot.Bot.Hosting;

/// <summary>BodyReader reads a request body up to a limit, whatever server runs the app (the test server ignores Kestrel's size limit).</summary>
public static class BodyReader
{
    /// <summary>ReadLimitedAsync returns the body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 16 * 1024) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0) return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes) return null;
        }
    }
}

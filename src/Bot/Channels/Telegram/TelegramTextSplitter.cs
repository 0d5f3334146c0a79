namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramTextSplitter: cuts texts longer than Telegram's 4,096-character limit into parts, at line or word boundaries.</summary>
/// <remarks>Telegram counts UTF-16 code units (what C# string.Length counts), not bytes: an Arabic letter counts 1, an emoji 2.
/// A cut never falls between the two halves of a surrogate pair.</remarks>
internal static class TelegramTextSplitter
{
    public const int MaxLength = 4096;

    /// <summary>Split returns the parts in order; a text within the limit comes back whole.</summary>
    public static IReadOnlyList<string> Split(string text, int maxLength = MaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (text.Length <= maxLength) return [text];

        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > maxLength)
        {
            var cut = FindCut(rest, maxLength);
            var part = rest[..cut].TrimEnd();
            if (part.Length > 0) parts.Add(part.ToString());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) parts.Add(rest.ToString());
        return parts;
    }

    /// <summary>FindCut picks the end of the next part: after the last line break, else the last space, else a hard cut.</summary>
    private static int FindCut(ReadOnlySpan<char> rest, int maxLength)
    {
        var window = rest[..maxLength];
        // Prefer a boundary in the second half, so we do not leave a tiny part just because a line ended early.
        var minimum = maxLength / 2;

        var newline = window.LastIndexOf('\n');
        if (newline >= minimum) return newline + 1;

        var space = LastWhitespace(window);
        if (space >= minimum) return space + 1;
        if (newline > 0) return newline + 1;
        if (space > 0) return space + 1;

        // No boundary at all: a hard cut, moved back one unit when it would split a surrogate pair.
        return char.IsHighSurrogate(rest[maxLength - 1]) ? maxLength - 1 : maxLength;
    }

    private static int LastWhitespace(ReadOnlySpan<char> window)
    {
        for (var i = window.Length - 1; i >= 0; i--)
            if (char.IsWhiteSpace(window[i])) return i;
        return -1;
    }
}

using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Understanding;

/// <summary>Utterance: one message as the understanding layer reads it: its normalised text, its words, and Franco-Arabic readings.</summary>
/// <remarks>Made once per message from the normalised text; the inbound text itself is kept as typed.</remarks>
public sealed class Utterance
{
    // Phrases are commands and answers: past this many words a message is a story, and reading all of it costs time.
    private const int MaxWords = 40;

    private Utterance(string normalized, FrancoReading franco)
    {
        Normalized = normalized;
        Franco = franco;
        var plain = Tokens(normalized);
        Sequences = franco.Words.Count == 0 ? [plain] : [plain, [.. franco.Words.Take(MaxWords)]];
    }

    /// <summary>Of: the utterance of a normalised message; Franco-Arabic is read only when <paramref name="franco"/> is on.</summary>
    public static Utterance Of(string normalized, bool franco = true) =>
        new(normalized, franco ? FrancoArabic.Read(normalized) : FrancoReading.None);

    public string Normalized { get; }

    /// <summary>Franco: the Arabic readings of a Franco-Arabic message (none for other messages).</summary>
    public FrancoReading Franco { get; }

    /// <summary>Texts: the whole message to look up in exact tables: the normalised text, then its Franco readings.</summary>
    public IEnumerable<string> Texts => Franco.Phrases.Count == 0 ? [Normalized] : [Normalized, .. Franco.Phrases];

    /// <summary>Sequences: the message as words, each word with the spellings it may stand for (one, or the Franco readings).</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> Sequences { get; }

    /// <summary>Tokens: the words of a normalised text, punctuation dropped ("don't" is "dont"), each a one-spelling list.</summary>
    internal static IReadOnlyList<IReadOnlyList<string>> Tokens(string normalized) =>
        [.. Words(normalized).Take(MaxWords).Select(w => (IReadOnlyList<string>)[w])];

    /// <summary>Words: a normalised text cut into words at spaces and punctuation.</summary>
    internal static string[] Words(string normalized)
    {
        var chars = new char[normalized.Length];
        var n = 0;
        foreach (var c in normalized)
        {
            if (c is '\'' or '’' or '`') continue;
            chars[n++] = char.IsLetterOrDigit(c) ? c : ' ';
        }
        return new string(chars, 0, n).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}

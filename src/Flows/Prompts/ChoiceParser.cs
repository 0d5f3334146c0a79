using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Prompts;

/// <summary>ChoiceParser: reads one or several choices from numbers ("1 3", "١، ٣", "1,3"), letters where allowed (أ ب ج د), or labels in either language.</summary>
public static class ChoiceParser
{
    private static readonly string[] Separators = [",", ";", "/", "+", "\n", " و ", " and "];

    /// <summary>Single: the option chosen by the whole (normalised) message, or null.</summary>
    /// <param name="letters">Also accept أ ب ج د and a b c d for the first four options (off where a letter could be a word).</param>
    public static ChoiceOption? Single(string normalized, IReadOnlyList<ChoiceOption> set, bool letters = false)
    {
        if (normalized.Length == 0) return null;
        if (ChoiceNumber.Index(normalized, set.Count, letters) is { } index) return index >= 0 ? set[index] : null;
        foreach (var option in set)
        {
            if (ArabicNormalizer.Normalize(option.Label(Model.Languages.Arabic)) == normalized) return option;
            if (ArabicNormalizer.Normalize(option.Label(Model.Languages.English)) == normalized) return option;
            if (option.Synonyms.Any(s => ArabicNormalizer.Normalize(s) == normalized)) return option;
        }
        return null;
    }

    /// <summary>Several: the options chosen, in order and without repeats, or null when any part is not understood.</summary>
    public static IReadOnlyList<ChoiceOption>? Several(string normalized, IReadOnlyList<ChoiceOption> set)
    {
        if (Single(normalized, set) is { } one) return [one];
        var chosen = new List<ChoiceOption>();
        foreach (var token in normalized.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (token.All(c => char.IsAsciiDigit(c) || c == ' '))
            {
                foreach (var number in token.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Single(number, set) is not { } byNumber) return null;
                    chosen.Add(byNumber);
                }
                continue;
            }
            if (Single(token, set) is not { } byLabel) return null;
            chosen.Add(byLabel);
        }
        return chosen.Count == 0 ? null : [.. chosen.Distinct()];
    }

    /// <summary>IndexOf: the 0-based position chosen among already translated labels, by number (or letter, where allowed) or by label, or -1.</summary>
    public static int IndexOf(string normalized, IReadOnlyList<string> labels, bool letters = false)
    {
        if (ChoiceNumber.Index(normalized, labels.Count, letters) is { } index) return index;
        for (var i = 0; i < labels.Count; i++)
            if (ArabicNormalizer.Normalize(labels[i]) == normalized) return i;
        return -1;
    }
}

using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.SignUp;

/// <summary>GovernorateMatch: the outcome of matching an answer: one governorate, several candidates, or none.</summary>
public sealed record GovernorateMatch(Governorate? Match, IReadOnlyList<Governorate> Candidates)
{
    public bool IsAmbiguous => Match is null && Candidates.Count > 1;
}

/// <summary>GovernorateMatcher: finds a governorate from a list number or a name typed in Arabic or English, tolerating typos.</summary>
public static class GovernorateMatcher
{
    private static readonly string[] Articles = ["ال", "el", "al"];
    private static readonly string[] Prefixes = ["محافظه", "governorate", "gov", "محافظة"];

    private static readonly IReadOnlyList<(Governorate Gov, string Key)> Keys =
        [.. Governorates.All.SelectMany(g => new[] { g.Arabic, g.English }.Concat(g.Variants).Select(v => (g, KeyOf(v))))];

    /// <summary>Match: by 1-based list number, exact name or variant, unique containment, then small edit distance.</summary>
    public static GovernorateMatch Match(string? answer)
    {
        var normalized = ArabicNormalizer.Normalize(answer);
        if (int.TryParse(normalized, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return n >= 1 && n <= Governorates.All.Count ? One(Governorates.All[n - 1]) : None;
        var key = KeyOf(normalized);
        if (key.Length < 2) return None;

        var exact = Distinct(Keys.Where(k => k.Key == key));
        if (exact.Count == 1) return One(exact[0]);

        if (key.Length >= 4)
        {
            var containing = Distinct(Keys.Where(k => k.Key.Contains(key, StringComparison.Ordinal)));
            if (containing.Count == 1) return One(containing[0]);
            if (containing.Count > 1) return new(null, containing);
        }

        var allowed = key.Length <= 3 ? 0 : key.Length <= 6 ? 1 : 2;
        if (allowed == 0) return None;
        var scored = Keys.Where(k => Math.Abs(k.Key.Length - key.Length) <= allowed) // cheap bound before the real distance
            .Select(k => (k.Gov, Distance: EditDistance.Between(key, k.Key)))
            .Where(s => s.Distance <= allowed).ToList();
        if (scored.Count == 0) return None;
        var best = scored.Min(s => s.Distance);
        var nearest = Distinct(scored.Where(s => s.Distance == best).Select(s => (s.Gov, "")));
        return nearest.Count == 1 ? One(nearest[0]) : new(null, nearest);
    }

    /// <summary>Exact: the governorate whose name or variant is exactly <paramref name="answer"/> (after <see cref="KeyOf"/>), or null.</summary>
    /// <remarks>For readings guessed from Franco-Arabic: a guess is trusted only when it spells a name exactly.</remarks>
    public static Governorate? Exact(string answer)
    {
        var key = KeyOf(answer);
        var hits = Distinct(Keys.Where(k => k.Key == key));
        return hits.Count == 1 ? hits[0] : null;
    }

    /// <summary>KeyOf: the comparison key: normalised, without "محافظة", articles and spaces ("El-Minya" → "minya").</summary>
    internal static string KeyOf(string text)
    {
        var normalized = ArabicNormalizer.Normalize(text).Replace('-', ' ').Replace('\'', ' ').Replace('`', ' ');
        var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && Prefixes.Contains(words[0])) words.RemoveAt(0);
        if (words.Count > 1 && Prefixes.Contains(words[^1])) words.RemoveAt(words.Count - 1);
        var parts = new List<string>();
        foreach (var word in words)
        {
            if (word is "el" or "al") continue;
            var w = word;
            // Arabic article is glued to the word; keep words that are only the article plus one letter.
            if (w.StartsWith(Articles[0], StringComparison.Ordinal) && w.Length > 3) w = w[2..];
            parts.Add(w);
        }
        return string.Concat(parts);
    }

    private static List<Governorate> Distinct(IEnumerable<(Governorate Gov, string Key)> hits) =>
        [.. hits.Select(h => h.Gov).Distinct()];

    private static GovernorateMatch One(Governorate g) => new(g, [g]);

    private static readonly GovernorateMatch None = new(null, []);
}

namespace OutreachBot.Flows.Text;

/// <summary>FrancoReading: a Franco-Arabic message read as Arabic: candidates per word, and for the whole message.</summary>
/// <param name="Words">Per word (an article joined to the word after it), its Arabic candidates, most likely first.</param>
/// <param name="Phrases">The whole message as Arabic candidates (words joined by spaces), most likely first.</param>
public sealed record FrancoReading(IReadOnlyList<IReadOnlyList<string>> Words, IReadOnlyList<string> Phrases)
{
    public static readonly FrancoReading None = new([], []);
}

/// <summary>FrancoArabic: transliterates Arabizi («ana 3awza asagel», «aywa», «el 2ahera») into a few Arabic spellings to match.</summary>
/// <remarks>
/// The candidates are normalised Arabic (as <see cref="ArabicNormalizer"/> gives), bounded by <see cref="MaxCandidates"/>
/// per word and per message, so they can be matched like Arabic input; the message itself is never rewritten.
/// </remarks>
public static class FrancoArabic
{
    /// <summary>MaxCandidates: most readings kept per word and per message.</summary>
    public const int MaxCandidates = 8;

    // Longer texts are not commands or answers; reading them would only cost time.
    private const int MaxLength = 200;
    // Readings that change more than this many letters from the likeliest are too far-fetched to try.
    private const int MaxCost = 3;

    /// <summary>IsFranco: mostly Latin letters and digits, at least one letter, no Arabic letters (a normalised text).</summary>
    public static bool IsFranco(string normalized)
    {
        if (normalized.Length is 0 or > MaxLength || normalized[0] == '/') return false;
        int latin = 0, other = 0;
        foreach (var c in normalized)
        {
            if (c is >= '\u0600' and <= '\u06FF') return false;
            if (char.IsAsciiLetter(c)) latin++;
            else if (!char.IsAsciiDigit(c) && c != ' ' && c != '\'') other++;
        }
        return latin > 0 && other * 4 <= latin;
    }

    /// <summary>Read: the Arabic candidates of a Franco-Arabic text; <see cref="FrancoReading.None"/> when it is not Franco.</summary>
    public static FrancoReading Read(string normalized)
    {
        if (!IsFranco(normalized)) return FrancoReading.None;
        var words = new List<IReadOnlyList<string>>();
        var article = false;
        foreach (var word in Words(normalized))
        {
            if (FrancoRules.Articles.Contains(word)) { article = true; continue; }
            var glued = !article && word.Length >= 5 && (word.StartsWith("el", StringComparison.Ordinal) || word.StartsWith("al", StringComparison.Ordinal));
            var letters = glued ? word[2..] : word;
            var prefix = article || glued ? "ال" : "";
            words.Add([.. Word(letters).Select(w => prefix + w)]);
            article = false;
        }
        if (article) words.Add(["ال"]);
        return words.Count == 0 ? FrancoReading.None : new FrancoReading(words, Combine(words));
    }

    private static IEnumerable<string> Words(string normalized)
    {
        var cleaned = new string([.. normalized.Select(c => char.IsAsciiLetterOrDigit(c) || c == '\'' ? c : ' ')]);
        return cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Word: the likeliest readings of one word; digits alone stay digits ("2" is an answer, not a hamza).</summary>
    private static IReadOnlyList<string> Word(string word)
    {
        if (word.All(char.IsAsciiDigit)) return [word];
        var segments = Segments(word);
        var found = new List<(string Text, int Cost)>();
        Expand(segments, 0, "", 0, found);
        return [.. found.OrderBy(f => f.Cost).Select(f => f.Text).Where(t => t.Length > 0).Distinct().Take(MaxCandidates)];
    }

    /// <summary>Segments: the word cut into sounds, each with its readings (a doubled consonant is one sound: shadda).</summary>
    private static List<string[]> Segments(string word)
    {
        var segments = new List<string[]>();
        var i = 0;
        while (i < word.Length)
        {
            var c = word[i];
            var start = i == 0;
            if (i + 1 < word.Length && FrancoRules.Pairs.TryGetValue(word.Substring(i, 2), out var pair))
            {
                segments.Add(pair);
                i += 2;
                continue;
            }
            var end = i == word.Length - 1;
            var position = start ? 0 : end ? 2 : 1;
            if (c == '2') segments.Add(FrancoRules.Hamza[position]);
            else if (FrancoRules.Vowels.TryGetValue(c, out var vowel)) segments.Add(vowel[position]);
            else if (FrancoRules.Consonants.TryGetValue(c, out var consonant))
            {
                if (i == 0 || word[i - 1] != c) segments.Add(consonant);
            }
            i++;
        }
        return segments;
    }

    private static void Expand(List<string[]> segments, int index, string text, int cost, List<(string, int)> found)
    {
        if (found.Count >= 256) return;
        if (index == segments.Count) { found.Add((text, cost)); return; }
        var options = segments[index];
        for (var k = 0; k < options.Length; k++)
        {
            var rare = options[k].StartsWith('~');
            var step = cost + k + (rare ? 1 : 0);
            if (step <= MaxCost) Expand(segments, index + 1, text + (rare ? options[k][1..] : options[k]), step, found);
        }
    }

    /// <summary>Combine: whole-message readings, the words' candidates joined, cheapest combinations first.</summary>
    private static IReadOnlyList<string> Combine(List<IReadOnlyList<string>> words)
    {
        var found = new List<(string Text, int Cost)>();
        void Walk(int index, string text, int cost)
        {
            if (found.Count >= 256) return;
            if (index == words.Count) { found.Add((text, cost)); return; }
            var options = words[index];
            for (var k = 0; k < options.Count && cost + k < MaxCandidates; k++)
                Walk(index + 1, index == 0 ? options[k] : text + " " + options[k], cost + k);
        }
        Walk(0, "", 0);
        return [.. found.OrderBy(f => f.Cost).Select(f => f.Text).Distinct().Take(MaxCandidates)];
    }
}

using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Understanding;

/// <summary>PhraseHit: one phrase found in a message: the intent it stands for, and where it is (in words).</summary>
public sealed record PhraseHit(string Intent, string Phrase, int Start, int Length);

/// <summary>PhraseMatcher: finds intent phrases inside a message, word by word, with spelling tolerance that grows with word length.</summary>
/// <remarks>
/// A phrase matches where its words follow each other in the message, each word equal to one spelling of the message's
/// word or a few edits from it. Longer phrases win over the shorter ones they overlap («مش موافق» over «موافق»), and a
/// phrase right after a negation («مش عايز اتطوع») does not count.
/// </remarks>
public sealed class PhraseMatcher
{
    private readonly (string Intent, string Text, string[] Words)[] phrases;
    private readonly HashSet<string> negations;

    public PhraseMatcher(IEnumerable<(string Intent, string Phrase)> entries, IEnumerable<string> negations)
    {
        phrases = [.. entries
            .Select(e => (e.Intent, e.Phrase, Words: Utterance.Words(ArabicNormalizer.Normalize(e.Phrase))))
            .Where(e => e.Words.Length > 0)
            .OrderByDescending(e => e.Words.Length)];
        this.negations = [.. negations.Select(ArabicNormalizer.Normalize)];
    }

    /// <summary>Allowed: edits forgiven in a word of this length: none up to 3 letters («لا» is not «ما»), one up to 6, then two.</summary>
    public static int Allowed(int length) => length <= 3 ? 0 : length <= 6 ? 1 : 2;

    /// <summary>Hits: the phrases found, longest first, none overlapping another in the same reading of the message.</summary>
    public IReadOnlyList<PhraseHit> Hits(Utterance utterance)
    {
        var hits = new List<PhraseHit>();
        foreach (var sequence in utterance.Sequences)
        {
            var taken = new bool[sequence.Count];
            foreach (var (intent, text, words) in phrases)
            {
                for (var start = 0; start + words.Length <= sequence.Count; start++)
                {
                    if (!MatchesAt(sequence, start, words) || Overlaps(taken, start, words.Length)) continue;
                    for (var k = 0; k < words.Length; k++) taken[start + k] = true;
                    if (IsNegated(sequence, start, words)) continue;
                    hits.Add(new PhraseHit(intent, text, start, words.Length));
                }
            }
        }
        return hits;
    }

    /// <summary>Best: the intent of the longest phrase found; null when none, or when two intents tie for it.</summary>
    public string? Best(Utterance utterance)
    {
        var hits = Hits(utterance);
        if (hits.Count == 0) return null;
        var longest = hits.Max(h => h.Length);
        var intents = hits.Where(h => h.Length == longest).Select(h => h.Intent).Distinct().ToList();
        return intents.Count == 1 ? intents[0] : null;
    }

    /// <summary>Contains: a phrase of <paramref name="intent"/> is in the message (and not negated or inside a longer phrase).</summary>
    public bool Contains(Utterance utterance, string intent) => Hits(utterance).Any(h => h.Intent == intent);

    private bool MatchesAt(IReadOnlyList<IReadOnlyList<string>> sequence, int start, string[] words)
    {
        for (var k = 0; k < words.Length; k++)
            if (!WordMatches(sequence[start + k], words[k])) return false;
        return true;
    }

    private static bool WordMatches(IReadOnlyList<string> spellings, string word)
    {
        var allowed = Allowed(word.Length);
        foreach (var spelling in spellings)
        {
            if (spelling == word) return true;
            if (allowed > 0 && EditDistance.Within(spelling, word, allowed)) return true;
        }
        return false;
    }

    private static bool Overlaps(bool[] taken, int start, int length)
    {
        for (var k = 0; k < length; k++) if (taken[start + k]) return true;
        return false;
    }

    // A negation one or two words before counts («مش عايز الغي الاشتراك»); a phrase that itself starts with one («مش هقدر») is not negated by it.
    private bool IsNegated(IReadOnlyList<IReadOnlyList<string>> sequence, int start, string[] words)
    {
        if (negations.Contains(words[0])) return false;
        for (var k = Math.Max(0, start - 2); k < start; k++)
            if (sequence[k].Any(negations.Contains)) return true;
        return false;
    }
}

using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Understanding;

/// <summary>IntentTable: the phrases the router looks for: the engine's intents and each registered flow's, one intent per phrase.</summary>
public sealed class IntentTable
{
    private static readonly string[] Routed = [Intents.Help, Intents.Menu, Intents.English, Intents.Arabic, Intents.About];

    private readonly PhraseMatcher routed;
    private readonly PhraseMatcher optOut;

    /// <summary>IntentTable: from <paramref name="book"/> and the flows' phrases; a phrase claimed twice (after normalisation) throws.</summary>
    public IntentTable(PhraseBook book, IEnumerable<IFlow> flows)
    {
        var flowEntries = flows.SelectMany(f => f.IntentPhrases.Select(p => (Intent: f.Name, Phrase: p))).ToList();
        CheckClashes([.. book.Entries(Intents.All), .. flowEntries]);
        routed = new PhraseMatcher([.. book.Entries(Routed), .. flowEntries], book.Negations);
        optOut = new PhraseMatcher(book.Entries([Intents.Stop, Intents.StopSoft]), book.Negations);
    }

    /// <summary>Find: the engine intent or flow name the message asks for in its own words, or null.</summary>
    public string? Find(Utterance utterance) => routed.Best(utterance);

    /// <summary>OptOut: <see cref="Intents.Stop"/> for a clear opt-out phrase, <see cref="Intents.StopSoft"/> for one that may mean stop, else null.</summary>
    public string? OptOut(Utterance utterance)
    {
        var hits = optOut.Hits(utterance);
        if (hits.Any(h => h.Intent == Intents.Stop)) return Intents.Stop;
        return hits.Count > 0 ? Intents.StopSoft : null;
    }

    private static void CheckClashes(IEnumerable<(string Intent, string Phrase)> entries)
    {
        var owner = new Dictionary<string, (string Intent, string Phrase)>(StringComparer.Ordinal);
        foreach (var (intent, phrase) in entries)
        {
            var key = string.Join(' ', Utterance.Words(ArabicNormalizer.Normalize(phrase)));
            if (key.Length == 0) throw new FlowRegistryException($"intent '{intent}' has an empty phrase");
            if (owner.TryGetValue(key, out var other) && other.Intent != intent)
                throw new FlowRegistryException($"'{other.Intent}' and '{intent}' both claim the phrase '{phrase}'");
            owner[key] = (intent, phrase);
        }
    }
}

using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OutreachBot.Flows.Understanding;

/// <summary>PhraseBook: the phrases of Resources/Phrases.yaml: negations, the engine's intents, and each shipped flow's phrases.</summary>
/// <remarks>Read once from the embedded file; immutable afterwards. The file's header says how to add a phrase.</remarks>
public sealed class PhraseBook
{
    private const string ResourceName = "OutreachBot.Flows.Resources.Phrases.yaml";

    private PhraseBook(PhraseFile file)
    {
        Negations = [.. file.Negations];
        Intents = file.Intents.ToDictionary(i => i.Key, i => (IReadOnlyList<string>)[.. i.Value]);
        Flows = file.Flows.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)[.. f.Value]);
        var unknown = Intents.Keys.Except(Understanding.Intents.All).ToList();
        if (unknown.Count > 0) throw new InvalidOperationException($"Phrases.yaml: unknown intent {string.Join(", ", unknown)}");
        Answers = new PhraseMatcher(Entries(Understanding.Intents.Answers), Negations);
    }

    /// <summary>Shipped: the phrase book embedded in this assembly.</summary>
    public static PhraseBook Shipped { get; } = Load();

    /// <summary>Negations: words that cancel the phrase right after them.</summary>
    public IReadOnlyList<string> Negations { get; }

    /// <summary>Intents: the engine's intents (help, stop, yes …) and their phrases.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Intents { get; }

    /// <summary>Flows: phrases per shipped flow name; each flow hands its own to the registry.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Flows { get; }

    /// <summary>Answers: the matcher of yes, no and maybe.</summary>
    public PhraseMatcher Answers { get; }

    /// <summary>ForFlow: the phrases listed for the flow named <paramref name="flow"/> (none when it has no section).</summary>
    public IReadOnlyList<string> ForFlow(string flow) => Flows.TryGetValue(flow, out var phrases) ? phrases : [];

    /// <summary>Entries: (intent, phrase) pairs of the named engine intents.</summary>
    public IEnumerable<(string Intent, string Phrase)> Entries(IEnumerable<string> intents) =>
        intents.SelectMany(i => (Intents.TryGetValue(i, out var p) ? p : []).Select(phrase => (i, phrase)));

    private static PhraseBook Load()
    {
        using var stream = typeof(PhraseBook).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("Phrases.yaml is not embedded in OutreachBot.Flows");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Parse: a phrase book from the text of a Phrases.yaml; unknown keys or intents fail.</summary>
    public static PhraseBook Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return new PhraseBook(deserializer.Deserialize<PhraseFile>(yaml) ?? new PhraseFile());
    }

    private sealed class PhraseFile
    {
        public List<string> Negations { get; set; } = [];
        public Dictionary<string, List<string>> Intents { get; set; } = [];
        public Dictionary<string, List<string>> Flows { get; set; } = [];
    }
}

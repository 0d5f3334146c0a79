using OutreachBot.Flows.Content;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Quiz;
using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Registry;

/// <summary>FlowRegistry: the flows the engine runs, in menu order, and what starts each: start words and deep-link names.</summary>
/// <remarks>Checked once when built: a clash (two flows claiming one word, a flow word that is a global keyword) stops the service at start.</remarks>
public sealed class FlowRegistry
{
    private readonly Dictionary<string, IFlow> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IFlow> byWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IFlow> byDeepLink = new(StringComparer.Ordinal);

    public FlowRegistry(IEnumerable<IFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        Flows = [.. flows];
        if (Flows.Count == 0) throw new FlowRegistryException("no flow is registered");
        foreach (var flow in Flows) Add(flow);
        Intents = new IntentTable(PhraseBook.Shipped, Flows);
    }

    /// <summary>Intents: the phrases of the engine's intents and of every registered flow.</summary>
    public IntentTable Intents { get; }

    /// <summary>Standard: the flows the service ships, in menu order, with no quiz or poll content.</summary>
    public static FlowRegistry Standard() => Standard(new FixedContent(ContentCatalog.Empty));

    /// <summary>Standard: the flows the service ships, in menu order, quizzes and polls read from <paramref name="content"/>.</summary>
    public static FlowRegistry Standard(IContentCatalog content) => new(StandardFlows(content));

    /// <summary>StandardFlows: new instances of the shipped flows (the host registers them one by one): sign-up, quizzes, polls.</summary>
    public static IReadOnlyList<IFlow> StandardFlows(IContentCatalog content) =>
        [new SignUpFlowDefinition(), QuizFlowDefinition.Quizzes(content), QuizFlowDefinition.Polls(content)];

    /// <summary>Flows: every registered flow, in the order they were registered (the menu's order).</summary>
    public IReadOnlyList<IFlow> Flows { get; }

    /// <summary>ByName: the flow stored in a session under that name, or null (an unknown name is not trusted).</summary>
    public IFlow? ByName(string? name) => name is not null && byName.TryGetValue(name, out var flow) ? flow : null;

    /// <summary>ByStartWord: the flow the whole normalised message starts, or null.</summary>
    public IFlow? ByStartWord(string normalized) =>
        byWord.TryGetValue(Keywords.CommandWord(normalized), out var flow) ? flow : null;

    /// <summary>ByDeepLink: the flow a deep-link part names ("quiz" or "quiz_digital_safety"), with what follows the name as its argument.</summary>
    public (IFlow Flow, string? Args)? ByDeepLink(string part)
    {
        if (byDeepLink.TryGetValue(part, out var whole)) return (whole, null);
        var underscore = part.IndexOf('_');
        if (underscore <= 0 || underscore == part.Length - 1) return null;
        return byDeepLink.TryGetValue(part[..underscore], out var flow) ? (flow, part[(underscore + 1)..]) : null;
    }

    private void Add(IFlow flow)
    {
        if (string.IsNullOrEmpty(flow.Name) || !flow.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            throw new FlowRegistryException($"flow name '{flow.Name}' must be lower-case letters and digits");
        if (Understanding.Intents.All.Contains(flow.Name))
            throw new FlowRegistryException($"flow name '{flow.Name}' is the name of an engine intent");
        if (!byName.TryAdd(flow.Name, flow)) throw new FlowRegistryException($"two flows are named '{flow.Name}'");
        foreach (var word in flow.StartWords)
        {
            var normalized = ArabicNormalizer.Normalize(word);
            if (normalized.Length == 0) throw new FlowRegistryException($"flow '{flow.Name}' has an empty start word");
            if (Keywords.IsReserved(normalized))
                throw new FlowRegistryException($"flow '{flow.Name}' claims '{word}', which is a global keyword");
            if (byWord.TryGetValue(normalized, out var other) && other != flow)
                throw new FlowRegistryException($"flows '{other.Name}' and '{flow.Name}' both claim the start word '{word}'");
            byWord[normalized] = flow;
        }
        if (flow.DeepLinkName is not { } link) return;
        if (link.Length == 0 || link == DeepLink.SourcePrefix || !link.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            throw new FlowRegistryException($"flow '{flow.Name}' has deep-link name '{link}': use lower-case letters and digits, not '{DeepLink.SourcePrefix}'");
        if (!byDeepLink.TryAdd(link, flow))
            throw new FlowRegistryException($"flows '{byDeepLink[link].Name}' and '{flow.Name}' both claim the deep-link name '{link}'");
    }
}

/// <summary>FlowRegistryException: the registered flows contradict each other; the service must not start so.</summary>
public sealed class FlowRegistryException(string message) : InvalidOperationException("Flow registry: " + message);

using OutreachBot.Flows.Content;
using OutreachBot.Flows.Registry;
using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>TestFlows: the flows a transcript may register by name ("Flows": ["signup", "poll"]), in that order.</summary>
public static class TestFlows
{
    /// <summary>Registry: the named flows, or the shipped ones over the shipped content when <paramref name="names"/> is null.</summary>
    public static FlowRegistry Registry(IReadOnlyList<string>? names, IContentCatalog? content = null) =>
        names is null ? FlowRegistry.Standard(content ?? new FixedContent(ShippedContent.Catalog())) : new FlowRegistry(names.Select(Create));

    /// <summary>Create: a new flow by its test name.</summary>
    public static IFlow Create(string name) => name switch
    {
        "signup" => new SignUpFlowDefinition(),
        "poll" => new TestPollFlow("poll", "استطلاع", ["POLL", "استطلاع"], "poll"),
        "trivia" => new TestPollFlow("trivia", "مسابقة", ["TRIVIA", "مسابقة"], "trivia", offersNext: "poll"),
        _ => throw new ArgumentException($"no test flow is called '{name}'", nameof(name)),
    };
}

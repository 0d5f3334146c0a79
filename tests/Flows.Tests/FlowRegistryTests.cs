using OutreachBot.Flows.Registry;
using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>FlowRegistryTests: flows that contradict each other are refused when the registry is built, naming what clashes.</summary>
public sealed class FlowRegistryTests
{
    private static TestPollFlow Poll(string name = "poll", string[]? words = null, string? link = "poll") =>
        new(name, "استطلاع", words ?? ["POLL", "استطلاع"], link);

    [Fact]
    public void TwoFlowsClaimingOneStartWordIsAStartUpError()
    {
        var error = Assert.Throws<FlowRegistryException>(() =>
            new FlowRegistry([new SignUpFlowDefinition(), Poll(words: ["POLL", "اشترك"])]));

        Assert.Contains("'signup' and 'poll' both claim the start word 'اشترك'", error.Message);
    }

    [Fact]
    public void StartWordsClashAfterNormalisation()
    {
        // «إشترك» and «اشترك» are the same word once normalised, so they clash as well.
        var error = Assert.Throws<FlowRegistryException>(() => new FlowRegistry([new SignUpFlowDefinition(), Poll(words: ["POLL", "إشترك"])]));
        Assert.Contains("both claim the start word", error.Message);
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("مساعدة")]
    [InlineData("رجوع")]
    [InlineData("/menu")]
    public void AFlowMayNotClaimAGlobalKeyword(string word)
    {
        var error = Assert.Throws<FlowRegistryException>(() => new FlowRegistry([Poll(words: ["POLL", word])]));
        Assert.Contains($"claims '{word}', which is a global keyword", error.Message);
    }

    [Fact]
    public void FlowNamesAndDeepLinkNamesAreUnique()
    {
        Assert.Contains("two flows are named 'poll'",
            Assert.Throws<FlowRegistryException>(() => new FlowRegistry([Poll(), Poll(words: ["OTHER", "تاني"], link: "other")])).Message);
        Assert.Contains("'poll' and 'other' both claim the deep-link name 'poll'",
            Assert.Throws<FlowRegistryException>(() => new FlowRegistry([Poll(), Poll("other", ["OTHER", "تاني"], "poll")])).Message);
        Assert.Contains("not 'src'", Assert.Throws<FlowRegistryException>(() => new FlowRegistry([Poll(link: "src")])).Message);
        Assert.Throws<FlowRegistryException>(() => new FlowRegistry([]));
    }

    [Fact]
    public void TheShippedFlowsMakeAValidRegistryWithSignUpFirst()
    {
        var registry = FlowRegistry.Standard();
        Assert.Equal(["signup", "quiz", "poll"], registry.Flows.Select(f => f.Name));
        Assert.Same(registry.Flows[0], registry.ByStartWord("/join@outreachbot"));
        Assert.Same(registry.Flows[0], registry.ByStartWord("انضم"));
        Assert.Null(registry.ByStartWord("stop"));
        Assert.Same(registry.Flows[1], registry.ByStartWord("مسابقه"));
        Assert.Same(registry.Flows[1], registry.ByStartWord("quiz"));
        Assert.Same(registry.Flows[2], registry.ByStartWord("استطلاع"));
        Assert.Equal((registry.Flows[1], "digital_safety"), registry.ByDeepLink("quiz_digital_safety"));
    }

    [Fact]
    public void ReadmeKeywordTableIsTheRegistrysTable()
    {
        var readme = File.ReadAllText(Path.Combine(SourceFiles.RepoRoot, "README.md"));
        var table = KeywordTable.Markdown(FlowRegistry.Standard());

        Assert.True(readme.Contains(table, StringComparison.Ordinal), "README.md must hold the keyword table the registry builds:\n" + table);
    }
}

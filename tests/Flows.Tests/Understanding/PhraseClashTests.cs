using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Tests.Understanding;

/// <summary>PhraseClashTests: one phrase means one intent: the shipped phrases load, and a flow claiming another intent's phrase stops the start.</summary>
public sealed class PhraseClashTests
{
    [Fact]
    public void TheShippedPhrasesLoadWithoutClashes()
    {
        var registry = FlowRegistry.Standard();
        Assert.NotNull(registry.Intents);
        Assert.All(Intents.All, i => Assert.True(PhraseBook.Shipped.Intents.ContainsKey(i), $"Phrases.yaml has no {i} section"));
        Assert.All(registry.Flows, f => Assert.NotEmpty(f.IntentPhrases));
    }

    [Theory]
    [InlineData("مساعدة", "help")]
    [InlineData("الغاء الإشتراك", "stop")]
    [InlineData("عايز  اتطوع", "signup")]
    public void AFlowClaimingAnotherIntentsPhraseStopsTheStart(string phrase, string other)
    {
        var flows = new IFlow[] { new SignUp.SignUpFlowDefinition(), new PhraseFlow("activities", [phrase]) };
        var error = Assert.Throws<FlowRegistryException>(() => new FlowRegistry(flows));
        Assert.Contains($"'{other}' and 'activities'", error.Message);
    }

    [Fact]
    public void AFlowsOwnPhraseStartsIt()
    {
        var registry = new FlowRegistry([new SignUp.SignUpFlowDefinition(), new PhraseFlow("activities", ["عايز نشاط"])]);
        Assert.Equal("activities", registry.Intents.Find(Utterance.Of("انا عايز نشاط")));
    }

    [Fact]
    public void AFlowMayNotBeNamedLikeAnEngineIntent() =>
        Assert.Throws<FlowRegistryException>(() => new FlowRegistry([new PhraseFlow("help", [])]));

    [Fact]
    public void UnknownIntentsInThePhraseFileFail() =>
        Assert.Throws<InvalidOperationException>(() => PhraseBook.Parse("intents:\n  greet: [hi]\n"));

    /// <summary>PhraseFlow: a flow that only has a name and phrases.</summary>
    private sealed class PhraseFlow(string name, IReadOnlyList<string> phrases) : IFlow
    {
        public string Name => name;
        public IReadOnlyList<string> StartWords => [];
        public IReadOnlyList<string> IntentPhrases => phrases;
        public string? DeepLinkName => null;
        public string Summary => name;
        public string Title(string language) => name;
        public string HelpPhrase(string language) => "";
        public string MenuLabel(Contact contact, string language) => name;
        public void Start(Turn turn, string? args) { }
        public void Handle(Turn turn) { }
        public void Reprompt(Turn turn) { }
        public void LanguageChanged(Turn turn) { }
        public bool OfferResume(Turn turn) => false;
        public bool IsFinished(Turn turn) => true;
    }
}

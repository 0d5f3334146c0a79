using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlowDefinition: volunteer sign-up as a registered flow; each call lends a built <see cref="SignUpFlow"/> the turn's session.</summary>
public sealed class SignUpFlowDefinition : IFlow
{
    public string Name => SignUpFlow.FlowName;
    public IReadOnlyList<string> StartWords { get; } = ["JOIN", "انضم", "اشترك", "/join"];
    public IReadOnlyList<string> IntentPhrases => PhraseBook.Shipped.ForFlow(Name);
    public string? DeepLinkName => "join";
    public string Summary => "start the volunteer sign-up (a registered volunteer sees their profile and can edit it)";
    public string Title(string language) => Texts.Get("flow_signup_title", language);
    public string HelpPhrase(string language) => Texts.Get("help_signup", language);
    public string MenuLabel(Contact contact, string language) => Texts.Get(contact.RegisteredAt is null ? "menu_signup" : "menu_profile", language);

    private readonly SignUpFlowPool _flows = new();

    public void Start(Turn turn, string? args) => _flows.With(turn, flow => flow.Start());
    public void Handle(Turn turn) => _flows.With(turn, flow => flow.Handle());
    public void Reprompt(Turn turn) => _flows.With(turn, flow => flow.Reprompt());
    public void LanguageChanged(Turn turn) => _flows.With(turn, flow => flow.LanguageChanged());
    public bool OfferResume(Turn turn) => _flows.With(turn, flow => flow.OfferResume());
    public bool IsFinished(Turn turn) => SignUpFlow.IsFinishedIn(turn.Session);
}

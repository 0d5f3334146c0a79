using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlowDefinition: volunteer sign-up as a registered flow; each call rebuilds <see cref="SignUpFlow"/> over the turn's session.</summary>
public sealed class SignUpFlowDefinition : IFlow
{
    public string Name => SignUpFlow.FlowName;
    public IReadOnlyList<string> StartWords { get; } = ["JOIN", "انضم", "اشترك", "/join"];
    public string? DeepLinkName => "join";
    public string Summary => "start the volunteer sign-up (a registered volunteer sees their profile and can edit it)";
    public string TitleKey => "flow_signup_title";
    public string HelpKey => "help_signup";

    public string MenuKey(Contact contact) => contact.RegisteredAt is null ? "menu_signup" : "menu_profile";

    public void Start(Turn turn, string? args) => new SignUpFlow(turn).Start();
    public void Handle(Turn turn) => new SignUpFlow(turn).Handle();
    public void Reprompt(Turn turn) => new SignUpFlow(turn).Reprompt();
    public void LanguageChanged(Turn turn) => new SignUpFlow(turn).LanguageChanged();
    public bool OfferResume(Turn turn) => new SignUpFlow(turn).OfferResume();
    public bool IsFinished(Turn turn) => new SignUpFlow(turn).IsFinished;
}

using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Flows.Engine;

/// <summary>Router: decides who answers a message: opt-out rules, global keywords, a flow's start word, the running flow, a pending offer, or the menu.</summary>
internal sealed partial class Router
{
    private readonly Turn turn;
    private readonly FlowRegistry registry;
    private readonly Menu menu;
    private readonly FlowSwitch flows;
    private readonly OptOutPhrases optOut;

    public Router(Turn turn, FlowRegistry registry)
    {
        this.turn = turn;
        this.registry = registry;
        menu = new Menu(turn, registry);
        flows = new FlowSwitch(turn, registry, menu);
        optOut = new OptOutPhrases(turn, registry.Intents, flows, menu, () => Stop(silent: false));
    }

    private Contact Contact => turn.Contact;
    private Session Session => turn.Session;

    /// <summary>Route: handles the message; false when the session must stay exactly as it was.</summary>
    public bool Route()
    {
        var keyword = Keyword();
        switch (turn.Inbound.Kind)
        {
            case InboundKind.CarrierOptOut:
                // The carrier already sent its own confirmation; a second one would be billed and unwanted.
                Stop(silent: true);
                return true;
            case InboundKind.CarrierOptIn:
                Contact.Status = ContactStatus.Active;
                turn.EndFlow();
                menu.Greet();
                turn.MarkReplies(ReplyPurpose.OptInAnswer);
                return true;
        }

        if (Contact.Status == ContactStatus.Stopped)
        {
            // An opted-out contact gets nothing back, except to START again.
            if (keyword != GlobalKeyword.Start) return false;
            Contact.Status = ContactStatus.Active;
            var link = KeepReferral();
            turn.EndFlow();
            if (link is { } l) flows.Start(l.Flow!, l.Args);
            else menu.Greet();
            turn.MarkReplies(ReplyPurpose.OptInAnswer);
            return true;
        }
        if (Contact.Status == ContactStatus.Blocked) Contact.Status = ContactStatus.Active; // writing again means unblocked

        if (turn.Inbound.Kind == InboundKind.Media)
        {
            turn.Say(turn.T("media_text_only"));
            return false;
        }

        // Opt-out phrases come before everything but the keywords: «الغاء الاشتراك» stops even in the middle of a flow.
        if (Understands && optOut.Handle(keyword)) { ForgetAttempts(); return true; }

        // A pending yes/no offer is answered by the next message only; anything that takes over drops the question
        // (the parked flow itself stays, and its own start word or menu entry resumes it).
        var offer = TakeOffer();
        if (keyword != GlobalKeyword.None) Honour(keyword, offer);
        else if (StartWord() is { } started) flows.Start(started, null);
        else if (flows.InFlow(out var flow)) flows.Continue(flow, f => f.Handle(turn));
        else if (offer is not null) flows.Answer(offer);
        else menu.Answer(f => flows.Start(f, null), otherwise: Understood);
        ForgetAttempts();
        return true;
    }

    // Failures count only against an open question.
    private void ForgetAttempts()
    {
        if (Session.Flow is null && Session.Offer is null) Session.Attempts = 0;
    }

    /// <summary>Honour: a global keyword, in any state.</summary>
    private void Honour(GlobalKeyword keyword, FlowOffer? offer)
    {
        switch (keyword)
        {
            case GlobalKeyword.Stop: Stop(silent: false); break;
            case GlobalKeyword.Start: Start(); break;
            case GlobalKeyword.Help:
                turn.Say(menu.HelpText());
                if (flows.InFlow(out var helped)) flows.Continue(helped, f => f.Reprompt(turn), () => { });
                else if (offer is not null) flows.Ask(offer);
                break;
            case GlobalKeyword.Menu:
                var wasIn = registry.ByName(Session.Flow);
                turn.EndFlow();
                menu.Show(wasIn is null ? null : turn.T("left_flow", wasIn.Title(turn.Language)));
                break;
            case GlobalKeyword.English or GlobalKeyword.Arabic:
                Contact.Language = keyword == GlobalKeyword.English ? Languages.English : Languages.Arabic;
                if (flows.InFlow(out var switched)) flows.Continue(switched, f => f.LanguageChanged(turn), () => menu.Show(turn.T("language_set")));
                else if (offer is not null) { turn.Say(turn.T("language_set")); flows.Ask(offer); }
                else menu.Show(turn.T("language_set"));
                break;
        }
    }

    /// <summary>Trigger: the service starts <paramref name="flow"/> for the contact (see <see cref="IFlowStarter"/>).</summary>
    public void Trigger(IFlow flow, string? args)
    {
        TakeOffer();
        flows.Start(flow, args);
    }

    private void Start()
    {
        if (KeepReferral() is { } link) { flows.Start(link.Flow!, link.Args); return; }
        if (flows.InFlow(out var started))
        {
            turn.Say(turn.T(Menu.GreetingKey(Contact), Contact.VolunteerNumber ?? ""));
            flows.Continue(started, f => f.Reprompt(turn), () => menu.Show(null));
        }
        else menu.Greet();
    }

    private FlowOffer? TakeOffer()
    {
        var offer = Session.Offer;
        if (offer is null) return null;
        Session.Offer = null;
        return offer;
    }

    private void Stop(bool silent)
    {
        Contact.Status = ContactStatus.Stopped;
        turn.EndFlow();
        Session.StopAsked = false;
        // Stop means stop: nothing is kept to be offered back later.
        Session.Parked.Clear();
        Session.Offer = null;
        if (!silent) turn.Say(new Reply(turn.T("stopped"), Keyboard: KeyboardAction.Remove, Purpose: ReplyPurpose.OptOutConfirmation));
    }

    /// <summary>KeepReferral: records the deep link's referral source (once per contact); returns the flow it starts, if any.</summary>
    private DeepLinkStart? KeepReferral()
    {
        var link = DeepLink.Read(turn.Inbound.StartPayload, registry);
        if (link.ReferralSource is { } source && Contact.ReferralSource is null)
            Contact.ReferralSource = source.Length > 64 ? source[..64] : source;
        return link.Flow is null ? null : link;
    }
}

using OutreachBot.Flows.Model;
using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Engine;

/// <summary>Router: decides who answers a message: opt-out rules, global keywords, the running flow, or the menu.</summary>
internal sealed class Router(Turn turn)
{
    private Contact Contact => turn.Contact;
    private Session Session => turn.Session;

    /// <summary>Route: handles the message; false when the session must stay exactly as it was.</summary>
    public bool Route()
    {
        var keyword = Keywords.Classify(turn.Normalized);
        switch (turn.Inbound.Kind)
        {
            case InboundKind.CarrierOptOut:
                // The carrier already sent its own confirmation; a second one would be billed and unwanted.
                Stop(silent: true);
                return true;
            case InboundKind.CarrierOptIn:
                Contact.Status = ContactStatus.Active;
                turn.EndFlow();
                Menu.Greet(turn);
                turn.MarkReplies(ReplyPurpose.OptInAnswer);
                return true;
        }

        if (Contact.Status == ContactStatus.Stopped)
        {
            // An opted-out contact gets nothing back, except to START again.
            if (keyword != GlobalKeyword.Start) return false;
            Contact.Status = ContactStatus.Active;
            KeepReferral();
            turn.EndFlow();
            Menu.Greet(turn);
            turn.MarkReplies(ReplyPurpose.OptInAnswer);
            return true;
        }
        if (Contact.Status == ContactStatus.Blocked) Contact.Status = ContactStatus.Active; // writing again means unblocked

        if (turn.Inbound.Kind == InboundKind.Media)
        {
            turn.Say(turn.T("media_text_only"));
            return false;
        }

        switch (keyword)
        {
            case GlobalKeyword.Stop: Stop(silent: false); break;
            case GlobalKeyword.Start:
                KeepReferral();
                if (InFlow(out var started)) { turn.Say(turn.T(Menu.GreetingKey(Contact), Contact.VolunteerNumber ?? "")); ContinueFlow(started, f => f.Reprompt(), () => Menu.Show(turn, null)); }
                else Menu.Greet(turn);
                break;
            case GlobalKeyword.Join:
                if (InFlow(out var joined)) ContinueFlow(joined, f => f.Reprompt(), () => new SignUpFlow(turn).Start());
                else new SignUpFlow(turn).Start();
                break;
            case GlobalKeyword.Help:
                turn.Say(turn.T("help"));
                if (InFlow(out var helped)) ContinueFlow(helped, f => f.Reprompt(), () => { });
                break;
            case GlobalKeyword.Menu:
                var wasInFlow = Session.Flow is not null;
                turn.EndFlow();
                Menu.Show(turn, wasInFlow ? turn.T("left_flow") : null);
                break;
            case GlobalKeyword.English or GlobalKeyword.Arabic:
                Contact.Language = keyword == GlobalKeyword.English ? Languages.English : Languages.Arabic;
                if (InFlow(out var switched)) ContinueFlow(switched, f => f.LanguageChanged(), () => Menu.Show(turn, turn.T("language_set")));
                else Menu.Show(turn, turn.T("language_set"));
                break;
            default:
                if (InFlow(out var flow)) ContinueFlow(flow, f => f.Handle());
                else Menu.Answer(turn);
                break;
        }
        return true;
    }

    /// <summary>InFlow: a sign-up flow is running (an unknown flow name is dropped rather than trusted).</summary>
    private bool InFlow(out SignUpFlow flow)
    {
        flow = new SignUpFlow(turn);
        if (Session.Flow == SignUpFlow.FlowName) return true;
        if (Session.Flow is not null) turn.EndFlow();
        return false;
    }

    /// <summary>ContinueFlow: runs the action, unless the session lapsed: then the user first chooses resume or restart.</summary>
    /// <param name="otherwise">What to do instead when a lapsed flow has nothing to resume (a registered volunteer's profile view).</param>
    private void ContinueFlow(SignUpFlow flow, Action<SignUpFlow> action, Action? otherwise = null)
    {
        if (Session.ExpiresAt is { } expires && expires < turn.Now)
        {
            if (flow.OfferResume()) return;
            turn.EndFlow();
            (otherwise ?? (() => Menu.Answer(turn)))();
            return;
        }
        action(flow);
        if (flow.IsFinished) turn.EndFlow();
    }

    private void Stop(bool silent)
    {
        Contact.Status = ContactStatus.Stopped;
        turn.EndFlow();
        if (!silent) turn.Say(new Reply(turn.T("stopped"), Keyboard: KeyboardAction.Remove, Purpose: ReplyPurpose.OptOutConfirmation));
    }

    private void KeepReferral()
    {
        var payload = turn.Inbound.StartPayload;
        if (string.IsNullOrWhiteSpace(payload) || Contact.ReferralSource is not null) return;
        Contact.ReferralSource = payload.Length > 64 ? payload[..64] : payload;
    }
}

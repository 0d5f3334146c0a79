using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Engine;

/// <summary>OptOutPhrases: opt-out said in words: a clear phrase stops at once, a softer one asks first, and the answer to that question.</summary>
/// <remarks>
/// «الغاء الاشتراك» or "unsubscribe me" is as good as STOP. «كفاية» or "too many messages" may only mean "not now", so the
/// contact is asked «تحب نوقف كل الرسايل؟»: yes stops exactly as STOP does, no keeps everything where it was. A plain
/// «لا» or "no" is never an opt-out phrase (see Phrases.yaml), so answering a flow's question with no is safe.
/// </remarks>
internal sealed class OptOutPhrases(Turn turn, IntentTable intents, FlowSwitch flows, Menu menu, Action stop)
{
    private Session Session => turn.Session;

    /// <summary>Handle: true when the message was an opt-out phrase or the answer to the stop question; a global keyword is left to the router.</summary>
    public bool Handle(GlobalKeyword keyword)
    {
        if (Session.StopAsked)
        {
            // The question is answered by the next message only; a keyword or anything else takes over as usual.
            Session.StopAsked = false;
            if (keyword == GlobalKeyword.None && Answer()) return true;
        }
        if (keyword != GlobalKeyword.None) return false;
        switch (intents.OptOut(turn.Heard))
        {
            case Intents.Stop: stop(); return true;
            case Intents.StopSoft: Ask(); return true;
            default: return false;
        }
    }

    private bool Answer()
    {
        switch (YesNo.Read(turn))
        {
            case YesNoAnswer.Yes: stop(); return true;
            case YesNoAnswer.No: CarryOn(); return true;
            case YesNoAnswer.Maybe: Ask(); return true;
            default: return false;
        }
    }

    private void Ask()
    {
        Session.StopAsked = true;
        turn.Ask(turn.T("stop_question"), YesNo.Labels(turn.Language));
    }

    /// <summary>CarryOn: messages go on: the question the contact was on is asked again (the flow's, the pending offer, or the menu).</summary>
    private void CarryOn()
    {
        var kept = turn.T("stop_kept");
        if (flows.InFlow(out var flow))
        {
            turn.Say(kept);
            flows.Continue(flow, f => f.Reprompt(turn), () => menu.Show(null));
        }
        else if (Session.Offer is { } offer) { turn.Say(kept); flows.Ask(offer); }
        else menu.Show(kept);
    }
}

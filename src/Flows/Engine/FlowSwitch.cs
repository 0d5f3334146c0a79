using System.Diagnostics.CodeAnalysis;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Flows.Engine;

/// <summary>FlowSwitch: starts, continues, parks and resumes flows, and asks the engine's yes/no questions between them.</summary>
/// <remarks>
/// One flow runs at a time. Starting another parks the running one (one parked entry per flow); when the new one
/// finishes, the most recently parked is offered back once. A declined offer drops that flow on purpose; nothing is
/// dropped unasked, except by STOP.
/// </remarks>
internal sealed class FlowSwitch(Turn turn, FlowRegistry registry, Menu menu)
{
    private Session Session => turn.Session;

    /// <summary>InFlow: a registered flow is running (an unknown flow name is dropped rather than trusted).</summary>
    public bool InFlow([NotNullWhen(true)] out IFlow? flow)
    {
        flow = registry.ByName(Session.Flow);
        if (flow is not null) return true;
        if (Session.Flow is not null) turn.EndFlow();
        return false;
    }

    /// <summary>Start: <paramref name="flow"/> from a start word, the menu, a deep link, an offer or a trigger; the running one is parked.</summary>
    /// <remarks>Its own start word inside a running flow asks the current question again, as JOIN always did in sign-up.</remarks>
    public void Start(IFlow flow, string? args)
    {
        if (InFlow(out var current))
        {
            if (current == flow && args is null) { Continue(current, f => f.Reprompt(turn), () => Begin(flow, null)); return; }
            Park(current);
        }
        Begin(flow, args);
    }

    /// <summary>Continue: runs the action, unless the session lapsed: then the flow first offers resume or restart.</summary>
    /// <param name="otherwise">What to do instead when a lapsed flow has nothing to resume; the menu by default.</param>
    public void Continue(IFlow flow, Action<IFlow> action, Action? otherwise = null)
    {
        if (Session.ExpiresAt is { } expires && expires < turn.Now)
        {
            if (flow.OfferResume(turn)) return;
            turn.EndFlow();
            (otherwise ?? (() => menu.Answer(f => Start(f, null))))();
            return;
        }
        action(flow);
        if (flow.IsFinished(turn)) Finished();
    }

    /// <summary>Ask: puts the offer to the contact (again) and keeps it pending for the next message.</summary>
    public void Ask(FlowOffer offer)
    {
        if (registry.ByName(offer.Flow) is not { } flow) { Session.Offer = null; return; }
        Session.Offer = offer;
        var title = flow.Title(turn.Language);
        turn.Ask(turn.T(offer.Resume ? "parked_resume" : "offer_flow", title), YesNo.Labels(turn.Language));
    }

    /// <summary>Answer: the reply to a pending offer: yes resumes or starts the flow, no moves on, anything else asks again.</summary>
    public void Answer(FlowOffer offer)
    {
        var flow = registry.ByName(offer.Flow);
        var parked = Session.Parked.FindLast(p => p.Flow == offer.Flow);
        var answer = YesNo.Read(turn);
        // A maybe («إن شاء الله») is asked again like an unclear answer: only a yes starts anything.
        if (flow is null || answer is YesNoAnswer.Unknown or YesNoAnswer.Maybe)
        {
            if (flow is null) { menu.Answer(f => Start(f, null)); return; }
            Retries.Failed(turn, () => Ask(offer), () => turn.T("hint_offer"));
            return;
        }
        Session.Attempts = 0;
        var yes = answer == YesNoAnswer.Yes;
        if (yes && offer.Resume && parked is not null) { Unpark(parked); flow.Reprompt(turn); return; }
        if (yes) { Begin(flow, offer.Resume ? null : offer.Args); return; }
        if (offer.Resume && parked is not null) Session.Parked.Remove(parked);
        if (!OfferParked()) menu.Show(null);
    }

    private void Begin(IFlow flow, string? args)
    {
        if (args is null && Session.Parked.FindLast(p => p.Flow == flow.Name) is { } parked)
        {
            Unpark(parked);
            flow.Reprompt(turn);
            return;
        }
        turn.EndFlow();
        Session.Flow = flow.Name;
        flow.Start(turn, args);
        if (flow.IsFinished(turn)) Finished();
    }

    /// <summary>Finished: the running flow ended: offer what it suggested next, else the flow parked last.</summary>
    private void Finished()
    {
        var next = turn.NextOffer;
        turn.EndFlow();
        if (next is { } n && registry.ByName(n.Flow) is not null) Ask(new FlowOffer { Flow = n.Flow, Args = n.Args });
        else OfferParked();
    }

    private bool OfferParked()
    {
        if (Session.Parked.Count == 0) return false;
        Ask(new FlowOffer { Flow = Session.Parked[^1].Flow, Resume = true });
        return true;
    }

    private void Park(IFlow current)
    {
        Session.Parked.RemoveAll(p => p.Flow == current.Name);
        Session.Parked.Add(new ParkedFlow { Flow = current.Name, State = Session.State, Answers = new(Session.Answers), ParkedAt = turn.Now });
        turn.EndFlow();
    }

    private void Unpark(ParkedFlow parked)
    {
        Session.Parked.Remove(parked);
        turn.EndFlow();
        Session.Flow = parked.Flow;
        Session.State = parked.State;
        foreach (var (key, value) in parked.Answers) Session.Answers[key] = value;
    }
}

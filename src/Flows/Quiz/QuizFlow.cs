using OutreachBot.Flows.Content;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using Stateless;

namespace OutreachBot.Flows.Quiz;

/// <summary>QuizFlow: one quiz or poll conversation, a Stateless machine rebuilt each message over Session.State.</summary>
/// <remarks>
/// Choosing (a list of what is open) → Asking (one question at a time; quizzes answer each with right or wrong and the
/// explanation) → Finished (score and completion text). A lapsed session goes to Resume. Everything about the attempt
/// is in <see cref="QuizProgress"/>; the version it runs on is looked up by (id, version), so a reload cannot change it.
/// </remarks>
internal sealed partial class QuizFlow
{
    /// <summary>State: the steps; stored by name in <see cref="Session.State"/>.</summary>
    private enum State { Choosing, Asking, Resume, Finished }

    /// <summary>Trigger: Pick (a file is chosen or given), Next (an answer taken), Complete, Lapse, Continue, Close (nothing open).</summary>
    private enum Trigger { Pick, Next, Complete, Lapse, Continue, Close }

    private readonly Turn turn;
    private readonly ContentKind kind;
    private readonly ContentCatalog catalog;
    private readonly StateMachine<State, Trigger> machine;

    internal QuizFlow(Turn turn, ContentKind kind, ContentCatalog catalog)
    {
        this.turn = turn;
        this.kind = kind;
        this.catalog = catalog;
        machine = new StateMachine<State, Trigger>(
            () => Enum.TryParse<State>(turn.Session.State, out var s) && Enum.IsDefined(s) ? s : State.Choosing,
            s => turn.Session.State = s.ToString());
        machine.Configure(State.Choosing).Permit(Trigger.Pick, State.Asking).Permit(Trigger.Close, State.Finished);
        machine.Configure(State.Asking).OnEntry(AskQuestion)
            .PermitReentry(Trigger.Next).PermitReentry(Trigger.Pick)
            .Permit(Trigger.Complete, State.Finished).Permit(Trigger.Lapse, State.Resume).Permit(Trigger.Close, State.Finished);
        machine.Configure(State.Resume).OnEntry(AskResume)
            .Permit(Trigger.Continue, State.Asking).Permit(Trigger.Pick, State.Asking).Permit(Trigger.Close, State.Finished);
        machine.Configure(State.Finished);
    }

    private State Current => machine.State;
    private QuizProgress Progress => new(turn.Session.Answers);
    private DateOnly Today => EgyptDate.Of(turn.Now);
    private IReadOnlyList<QuizContent> Open => catalog.OpenTo(turn.Contact, kind, Today);

    internal bool IsFinished => Current == State.Finished;

    /// <summary>Start: the file named by <paramref name="contentId"/> (deep link, offer, trigger) when open to the contact; else what is open.</summary>
    internal void Start(string? contentId)
    {
        if (contentId is not null)
        {
            var named = Open.FirstOrDefault(c => c.Id == contentId);
            if (named is not null) { Begin(named); return; }
            turn.Say(T("content_closed"));
        }
        ShowOpen();
    }

    internal void Handle()
    {
        if (Keywords.IsBack(turn.Normalized) && Current == State.Asking) { turn.Say(T("quiz_no_back")); AskQuestion(); return; }
        switch (Current)
        {
            case State.Choosing: AnswerList(); break;
            case State.Asking: AnswerQuestion(); break;
            case State.Resume: AnswerResume(); break;
            default: ShowOpen(); break;
        }
    }

    internal void Reprompt()
    {
        switch (Current)
        {
            case State.Asking when Attempted() is not null: AskQuestion(); break;
            case State.Resume: AskResume(); break;
            default: ShowOpen(); break;
        }
    }

    /// <summary>OfferResume: an attempt with answers given is worth carrying on; a list or an untouched first question is not.</summary>
    internal bool OfferResume()
    {
        if (Current is not (State.Asking or State.Resume) || Progress.Chosen.Count == 0 || Attempted() is null) return false;
        turn.Session.Attempts = 0;
        if (Current == State.Resume) AskResume();
        else machine.Fire(Trigger.Lapse);
        return true;
    }

    /// <summary>ShowOpen: what is open to the contact: nothing (the flow ends), one (it starts), or a list to choose from.</summary>
    private void ShowOpen()
    {
        var open = Open;
        if (open.Count == 0) { turn.Say(T(kind == ContentKind.Quiz ? "quiz_none" : "poll_none")); Fire(Trigger.Close); return; }
        if (open.Count == 1) { Begin(open[0]); return; }
        // Back to the list from anywhere (a retake, a reload that removed the file): the list is where every path starts.
        turn.Session.State = State.Choosing.ToString();
        turn.Session.Answers.Clear();
        Progress.List(open.Select(c => c.Id));
        AskList(open, lead: null);
    }

    /// <summary>Begin: a new attempt at the current version of <paramref name="content"/>: counted on the contact, handed back, intro then the first question.</summary>
    private void Begin(QuizContent content)
    {
        turn.Session.Attempts = 0;
        var number = QuizResults.NextNumber(turn.Contact, content.Id);
        Progress.Begin(content.Id, content.Version, number, turn.Now, turn.Inbound.Channel, turn.Language);
        QuizResults.Started(turn.Contact, content);
        turn.Record(QuizResults.Attempt(turn.Contact, Progress, content, turn.Now));
        turn.Say(content.Title.In(turn.Language) + "\n" + content.Intro.In(turn.Language));
        Fire(Trigger.Pick);
    }

    /// <summary>Attempted: the version the open attempt runs on; null when no such version is known any more (a restart after an edit).</summary>
    private QuizContent? Attempted() => Progress.ContentId is { } id ? catalog.Find(id, Progress.Version) : null;

    private void Fire(Trigger trigger)
    {
        // A damaged or hand-edited session may sit where this move does not exist: show what is open rather than fail.
        if (machine.CanFire(trigger)) machine.Fire(trigger);
        else { turn.Session.State = State.Choosing.ToString(); ShowOpen(); }
    }

    private string T(string key, params object[] args) => turn.T(key, args);
}

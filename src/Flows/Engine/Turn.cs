using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Engine;

/// <summary>Turn: the working copy of one step: cloned contact and session, the inbound, the clock, the replies so far.</summary>
/// <remarks>Made only by the engine (and its test catalogs); a flow reads and changes it, the engine returns it as the step's result.</remarks>
public sealed class Turn
{
    internal Turn(Contact contact, Session session, Inbound inbound, DateTimeOffset now, EngineOptions options)
    {
        Contact = contact;
        Session = session;
        Inbound = inbound;
        Now = now;
        Options = options;
        Normalized = ArabicNormalizer.Normalize(inbound.Text);
    }

    public Contact Contact { get; }
    public Session Session { get; }
    public Inbound Inbound { get; }
    public DateTimeOffset Now { get; }
    public EngineOptions Options { get; }
    public List<Reply> Replies { get; } = [];

    /// <summary>Normalized: the inbound text folded for matching (computed once).</summary>
    public string Normalized { get; }

    private Utterance? heard;

    /// <summary>Heard: the message as the understanding layer reads it (words, Franco-Arabic readings when understanding is on); made on first use.</summary>
    public Utterance Heard => heard ??= Utterance.Of(Normalized, Options.Understanding);

    /// <summary>Read: what <paramref name="read"/> finds in the whole message as typed, else, with understanding on, in its
    /// Franco-Arabic readings («endam» is «انضم»); null when it finds nothing.</summary>
    /// <remarks>The typed text goes first, so a message matched as typed never has its readings made.</remarks>
    public T? Read<T>(Func<string, T?> read) where T : class
    {
        var typed = read(Normalized);
        if (typed is not null || !Options.Understanding) return typed;
        foreach (var reading in Heard.Franco.Phrases)
            if (read(reading) is { } found) return found;
        return null;
    }

    public ChannelTraits Traits => Inbound.Traits;
    public string Language => Contact.Language == Languages.English ? Languages.English : Languages.Arabic;

    /// <summary>T: a text in the contact's language.</summary>
    public string T(string key, params object[] args) => Texts.Get(key, Language, args);

    public void Say(Reply reply) => Replies.Add(reply);

    public void Say(string text, KeyboardAction keyboard = KeyboardAction.Keep) => Replies.Add(new Reply(text, Keyboard: keyboard));

    /// <summary>MarkReplies gives every reply of this turn so far the purpose <paramref name="purpose"/>.</summary>
    public void MarkReplies(ReplyPurpose purpose)
    {
        for (var i = 0; i < Replies.Count; i++) Replies[i] = Replies[i] with { Purpose = purpose };
    }

    /// <summary>Ask: a question with choices: buttons where the channel has them, otherwise a numbered list in the text.</summary>
    public void Ask(string question, IReadOnlyList<string> labels, int perRow = 1) =>
        Replies.Add(ChoicePrompt.Render(question, labels, Traits, perRow));

    /// <summary>NextOffer: set by a flow as it finishes: the engine then asks whether to start that flow now ("take a quiz now?").</summary>
    internal (string Flow, string? Args)? NextOffer { get; private set; }

    /// <summary>OfferNext: as this flow finishes, ask the contact whether to start <paramref name="flow"/> (with <paramref name="args"/>) now.</summary>
    public void OfferNext(string flow, string? args = null) => NextOffer = (flow, args);

    private readonly List<QuizAttempt> attempts = [];

    /// <summary>Attempts: the quiz and poll attempts this turn started, answered or finished, the latest copy of each.</summary>
    internal IReadOnlyList<QuizAttempt> Attempts => attempts;

    /// <summary>Record: hand back <paramref name="attempt"/> with the step's result (a later copy in the same turn replaces an earlier one).</summary>
    public void Record(QuizAttempt attempt)
    {
        attempts.RemoveAll(a => a.Id == attempt.Id);
        attempts.Add(attempt.Clone());
    }

    /// <summary>EndFlow: forget the running flow and its answers (parked flows stay).</summary>
    internal void EndFlow()
    {
        Session.Flow = null;
        Session.State = null;
        Session.Answers.Clear();
        Session.Attempts = 0;
        Session.ExpiresAt = null;
    }
}

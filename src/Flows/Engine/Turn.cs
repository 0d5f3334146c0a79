using OutreachBot.Flows.Model;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Engine;

/// <summary>Turn: the working copy of one step: cloned contact and session, the inbound, the clock, the replies so far.</summary>
internal sealed class Turn(Contact contact, Session session, Inbound inbound, DateTimeOffset now, EngineOptions options)
{
    public Contact Contact { get; } = contact;
    public Session Session { get; } = session;
    public Inbound Inbound { get; } = inbound;
    public DateTimeOffset Now { get; } = now;
    public EngineOptions Options { get; } = options;
    public List<Reply> Replies { get; } = [];

    /// <summary>Normalized: the inbound text folded for matching (computed once).</summary>
    public string Normalized { get; } = ArabicNormalizer.Normalize(inbound.Text);

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

    /// <summary>EndFlow: forget the running flow and its answers.</summary>
    public void EndFlow()
    {
        Session.Flow = null;
        Session.State = null;
        Session.Answers.Clear();
        Session.Attempts = 0;
        Session.ExpiresAt = null;
    }
}

using OutreachBot.Flows.Model;
using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Engine;

/// <summary>ConversationEngine: the pure conversation step: routes global keywords, the menu and the sign-up flow.</summary>
public sealed class ConversationEngine(EngineOptions options) : IConversationEngine
{
    private readonly EngineOptions options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public StepResult Step(Contact contact, Session session, Inbound inbound, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(inbound);
        if (inbound.Traits is null) throw new ArgumentException("inbound.Traits is required", nameof(inbound));
        inbound = inbound with { Text = inbound.Text ?? "" };

        var turn = new Turn(contact.Clone(), session.Clone(), inbound, now, options);
        if (inbound.Kind == InboundKind.GroupChat)
        {
            // A group is not a conversation with one person: one line, and nothing is recorded.
            turn.Say(turn.T("group_private"));
            return new StepResult(turn.Contact, turn.Session, turn.Replies);
        }

        turn.Contact.LastSeenAt = now;
        if (turn.Contact.CreatedAt == default) turn.Contact.CreatedAt = now;
        // The SMS or WhatsApp sender's number is vouched for by the channel: it is the contact's phone from the first
        // message, so a record already owning that number is joined before any answer is given (and none is lost).
        if (inbound.Traits.ProvidesPhone && turn.Contact.Phone is null && PhoneValidator.TryEgyptianMobile(inbound.ChannelPhone, out var own))
            turn.Contact.Phone = own;
        var touched = new Router(turn).Route();
        if (touched) Finish(turn);
        return new StepResult(turn.Contact, touched ? turn.Session : session.Clone(), SmsSized(turn));
    }

    private void Finish(Turn turn)
    {
        var s = turn.Session;
        s.ContactId = turn.Contact.Id;
        s.UpdatedAt = turn.Now;
        s.ExpiresAt = s.Flow is null ? null : turn.Now + options.SessionIdleTimeout;
    }

    /// <summary>SmsSized: on SMS, a reply longer than the segment budget is cut at line breaks into several replies.</summary>
    private static IReadOnlyList<Reply> SmsSized(Turn turn)
    {
        if (!turn.Traits.IsSms) return turn.Replies;
        var sized = new List<Reply>();
        foreach (var reply in turn.Replies)
        {
            var parts = SmsBudget.SplitByLines(reply.Text);
            if (parts.Count == 1) { sized.Add(reply); continue; }
            sized.AddRange(parts.Select(p => reply with { Text = p }));
        }
        return sized;
    }
}

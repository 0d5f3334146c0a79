using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;
using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Engine;

/// <summary>ConversationEngine: the pure conversation step: routes global keywords, the menu and the registered flows.</summary>
public sealed class ConversationEngine(EngineOptions options, FlowRegistry registry) : IConversationEngine, IFlowStarter
{
    private readonly EngineOptions options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly FlowRegistry registry = registry ?? throw new ArgumentNullException(nameof(registry));

    /// <summary>ConversationEngine over the shipped flows (<see cref="FlowRegistry.Standard"/>).</summary>
    public ConversationEngine(EngineOptions options) : this(options, FlowRegistry.Standard()) { }

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
        var touched = new Router(turn, registry).Route();
        if (touched) Finish(turn);
        return new StepResult(turn.Contact, touched ? turn.Session : session.Clone(), SmsSized(turn)) { Attempts = touched ? turn.Attempts : [] };
    }

    /// <inheritdoc />
    /// <remarks>The contact sent nothing, so LastSeenAt stays; a stopped contact gets nothing and keeps the session as it was.</remarks>
    public StepResult StartFlow(Contact contact, Session session, FlowTrigger trigger, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(trigger);
        var flow = registry.ByName(trigger.Flow) ?? throw new ArgumentException($"no flow is registered as '{trigger.Flow}'", nameof(trigger));
        if (contact.Status == ContactStatus.Stopped) return new StepResult(contact.Clone(), session.Clone(), []);

        var turn = new Turn(contact.Clone(), session.Clone(), new Inbound("", InboundKind.Text, trigger.Channel, trigger.Traits), now, options);
        new Router(turn, registry).Trigger(flow, trigger.Args);
        Finish(turn);
        return new StepResult(turn.Contact, turn.Session, SmsSized(turn)) { Attempts = turn.Attempts };
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

using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Registry;

/// <summary>FlowTrigger: the service itself starts a flow for a contact (a campaign or broadcast), with no message from them.</summary>
/// <param name="Flow">Registered flow name.</param>
/// <param name="Args">What the flow starts with (a quiz id, say), or null.</param>
/// <param name="Channel">Channel the replies go out on ("telegram", "sms", ...).</param>
/// <param name="Traits">What that channel can render.</param>
public sealed record FlowTrigger(string Flow, string? Args, string Channel, ChannelTraits Traits);

/// <summary>IFlowStarter: the pure entry point for a service-side start; no I/O, inputs never mutated.</summary>
public interface IFlowStarter
{
    /// <summary>StartFlow: the new contact, session and replies after starting <see cref="FlowTrigger.Flow"/>; nothing for a stopped contact.</summary>
    StepResult StartFlow(Contact contact, Session session, FlowTrigger trigger, DateTimeOffset now);
}

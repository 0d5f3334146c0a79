using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Engine;

/// <summary>IConversationEngine: one pure step of a conversation; no I/O, no clock, inputs are never mutated.</summary>
public interface IConversationEngine
{
    /// <summary>Step handles one inbound message for a contact and returns the new contact, session and replies.</summary>
    StepResult Step(Contact contact, Session session, Inbound inbound, DateTimeOffset now);
}

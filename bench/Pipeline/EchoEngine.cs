using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bench.Pipeline;

/// <summary>EchoEngine: a flow that only echoes, to measure the pipeline and storage without the flows' own cost (--echo).</summary>
public sealed class EchoEngine : IConversationEngine
{
    public StepResult Step(Contact contact, Session session, Inbound inbound, DateTimeOffset now)
    {
        var c = contact.Clone();
        c.LastSeenAt = now;
        var s = session.Clone();
        s.Attempts++;
        return new StepResult(c, s, [new Reply(inbound.Text)]);
    }
}

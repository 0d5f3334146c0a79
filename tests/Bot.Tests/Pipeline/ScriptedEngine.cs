using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Tests.Pipeline;

/// <summary>ScriptedEngine: a stand-in flow that appends each text to the session and echoes it, and detects overlapping steps of one contact.</summary>
public sealed class ScriptedEngine : IConversationEngine
{
    private readonly Dictionary<long, int> _inside = [];

    /// <summary>Called inside each step, before it returns (to hold a step open).</summary>
    public Action<Inbound>? During { get; init; }

    /// <summary>Set when two steps of one contact ever ran at the same time.</summary>
    public bool Overlapped { get; private set; }

    public StepResult Step(Contact contact, Session session, Inbound inbound, DateTimeOffset now)
    {
        lock (_inside)
        {
            _inside.TryGetValue(contact.Id, out var n);
            if (n > 0) Overlapped = true;
            _inside[contact.Id] = n + 1;
        }
        try
        {
            During?.Invoke(inbound);
            var next = session.Clone();
            next.Answers["log"] = next.Answers.TryGetValue("log", out var log) ? log + "," + inbound.Text : inbound.Text;
            var c = contact.Clone();
            c.LastSeenAt = now;
            if (inbound.ChannelPhone is not null) c.Phone = inbound.ChannelPhone;
            return new StepResult(c, next, [new Reply("echo: " + inbound.Text)]);
        }
        finally
        {
            lock (_inside) _inside[contact.Id]--;
        }
    }
}

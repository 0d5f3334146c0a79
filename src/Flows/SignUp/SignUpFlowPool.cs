using System.Collections.Concurrent;
using OutreachBot.Flows.Engine;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlowPool keeps built sign-up flows for reuse: each is lent to one turn at a time, as many as run at once.</summary>
/// <remarks>
/// Building the flow configures its Stateless machine (every state, transition and guard, with the reflection Stateless
/// does for their descriptions): about two thirds of a sign-up step's CPU when done per message. A flow lent to a turn
/// that throws is dropped, not returned, so a machine left half-way through a transition is never reused.
/// </remarks>
internal sealed class SignUpFlowPool
{
    private readonly ConcurrentBag<SignUpFlow> _idle = [];

    public T With<T>(Turn turn, Func<SignUpFlow, T> use)
    {
        var flow = (_idle.TryTake(out var idle) ? idle : new SignUpFlow()).For(turn);
        var result = use(flow);
        // The turn is let go before the flow waits in the pool, so the pool holds no conversation.
        _idle.Add(flow.For(null!));
        return result;
    }

    public void With(Turn turn, Action<SignUpFlow> use) => With(turn, flow => { use(flow); return true; });
}

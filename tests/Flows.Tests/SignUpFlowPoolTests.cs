using System.Text.Json;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>SignUpFlowPoolTests: a sign-up flow is built once and lent to one turn at a time; what one conversation did never shows in another's.</summary>
public sealed class SignUpFlowPoolTests
{
    [Fact]
    public void ConversationsTakingTurnsOnOneEngineAnswerAsEachDoesAlone()
    {
        // Editing from the summary sets the flow's picked field; the other conversation must not see it.
        var conversations = new[] { "edit_from_summary.json", "signup_arabic_simulator.json", "registered_join_edits.json", "three_failures_help_and_back.json" }
            .Select(name => JsonSerializer.Deserialize<Transcript>(File.ReadAllText(Path.Combine("Transcripts", name)), Transcript.Json)!)
            .ToList();
        Assert.All(conversations, c => Assert.False(c.SmsVerification));

        var alone = conversations.Select(c => Replay(c, new ConversationEngine(new EngineOptions())).ToList()).ToList();

        var shared = new ConversationEngine(new EngineOptions());
        var states = conversations.Select(c => (c.Contact, Session: c.Session ?? new Session { ContactId = c.Contact.Id })).ToArray();
        var together = conversations.Select(_ => new List<string>()).ToList();
        for (var step = 0; step < conversations.Max(c => c.Steps.Count); step++)
            for (var i = 0; i < conversations.Count; i++)
                if (step < conversations[i].Steps.Count)
                    together[i].Add(Step(conversations[i], conversations[i].Steps[step], shared, ref states[i]));

        for (var i = 0; i < conversations.Count; i++) Assert.Equal(alone[i], together[i]);
    }

    private static IEnumerable<string> Replay(Transcript transcript, ConversationEngine engine)
    {
        var state = (transcript.Contact, Session: transcript.Session ?? new Session { ContactId = transcript.Contact.Id });
        foreach (var step in transcript.Steps) yield return Step(transcript, step, engine, ref state);
    }

    /// <summary>Step runs one message and describes what came out: the replies, the flow's state and its answers.</summary>
    private static string Step(Transcript transcript, TranscriptStep step, ConversationEngine engine, ref (Contact Contact, Session Session) state)
    {
        var inbound = new Inbound(step.InboundText, step.Kind, transcript.Channel, transcript.ChannelTraits, step.ChannelPhone, step.StartPayload, step.Nonce);
        var result = engine.Step(state.Contact, state.Session, inbound, step.At);
        state = (result.Contact, result.Session);
        return string.Join(" | ", result.Replies.Select(r => r.Text)) + $" → {result.Session.Flow}/{result.Session.State} " +
               string.Join(",", result.Session.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"));
    }
}

using System.Text.Json;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>TranscriptRunner: replays one golden transcript, reloading contact and session through the store's mapper between messages.</summary>
/// <remarks>
/// It never rewrites the approved file (see <see cref="GoldenFile"/>). A run that differs from it (or a step with no
/// expectation yet) is written beside it as "name.received.json" and the run fails, naming the first differing step.
/// </remarks>
public sealed class TranscriptRunner(TranscriptMode mode)
{
    private readonly StoreReload _store = new();
    private readonly GoldenFile _golden = new(mode);

    /// <summary>Run replays <paramref name="approvedPath"/>; null when it passed, else why it failed. <paramref name="receivedPath"/> gets the run when it fails.</summary>
    public string? Run(string approvedPath, string receivedPath)
    {
        if (_golden.RefusedOnCi(approvedPath) is { } refused) return refused;
        var name = Path.GetFileName(approvedPath);

        var transcript = JsonSerializer.Deserialize<Transcript>(File.ReadAllText(approvedPath), Transcript.Json)!;
        if (transcript.Steps.Count == 0) return $"{name} has no steps.";
        var actual = Replay(transcript);

        string? difference = null;
        for (var i = 0; i < actual.Count && difference is null; i++)
        {
            var expected = transcript.Steps[i].Expect;
            if (expected is null) difference = $"{name} step {i + 1} has no expectation yet.";
            else if (Describe(expected) != Describe(actual[i]))
                difference = $"{name} step {i + 1} differs.\nApproved:\n{Describe(expected)}\nReceived:\n{Describe(actual[i])}";
        }
        for (var i = 0; i < actual.Count; i++) transcript.Steps[i].Expect = actual[i];
        return _golden.Settle(approvedPath, receivedPath, difference, JsonSerializer.Serialize(transcript, Transcript.Json) + "\n");
    }

    /// <summary>Replay steps the engine through every message and returns what came out of each.</summary>
    /// <remarks>Engine-wide invariants (inputs untouched, LastSeenAt, expiry) are asserted at once: they hold whatever the approved file says.</remarks>
    private List<StepExpectation> Replay(Transcript transcript)
    {
        var options = transcript.Options;
        var engine = new ConversationEngine(options, TestFlows.Registry(transcript.Flows));
        var contact = transcript.Contact;
        var session = transcript.Session ?? new Session { ContactId = contact.Id };
        var results = new List<StepExpectation>();
        foreach (var step in transcript.Steps)
        {
            // What the store does between messages: the engine only ever sees reloaded data.
            contact = _store.Reload(contact);
            session = _store.Reload(session);
            var contactBefore = JsonSerializer.Serialize(contact, Transcript.Json);
            var sessionBefore = JsonSerializer.Serialize(session, Transcript.Json);

            var owner = step.PhoneOwner is { } read ? _store.Reload(read) : null;
            var inbound = new Inbound(step.InboundText, step.Kind, transcript.Channel, transcript.ChannelTraits, step.ChannelPhone,
                step.StartPayload, step.Nonce, owner);
            var result = step.Trigger is { } trigger
                ? engine.StartFlow(contact, session, new FlowTrigger(trigger.Flow, trigger.Args, transcript.Channel, transcript.ChannelTraits), step.At)
                : engine.Step(contact, session, inbound, step.At);

            Assert.Equal(contactBefore, JsonSerializer.Serialize(contact, Transcript.Json));
            Assert.Equal(sessionBefore, JsonSerializer.Serialize(session, Transcript.Json));
            // A service-side start is not the contact writing: LastSeenAt stays.
            if (step.Trigger is not null) Assert.Equal(contact.LastSeenAt, result.Contact.LastSeenAt);
            else if (step.Kind != InboundKind.GroupChat) Assert.Equal(step.At, result.Contact.LastSeenAt);
            if (step.Kind is InboundKind.Media or InboundKind.GroupChat)
                Assert.Equal(sessionBefore, JsonSerializer.Serialize(result.Session, Transcript.Json)); // session untouched
            else if (result.Session.Flow is not null)
                Assert.Equal(step.At + options.SessionIdleTimeout, result.Session.ExpiresAt);

            results.Add(new StepExpectation
            {
                Replies = [.. result.Replies.Select(ExpectedReply.From)],
                Flow = result.Session.Flow,
                State = result.Session.State,
                Attempts = result.Session.Attempts,
                Answers = new SortedDictionary<string, string>(result.Session.Answers),
                Parked = result.Session.Parked.Count == 0 ? null : [.. result.Session.Parked.Select(p => $"{p.Flow} at {p.State}")],
                Offer = result.Session.Offer is not { } offer ? null
                    : offer.Resume ? $"resume {offer.Flow}" : $"start {offer.Flow}" + (offer.Args is null ? "" : $" ({offer.Args})"),
                StopAsked = result.Session.StopAsked,
                Contact = ContactSnapshot.Of(result.Contact),
                QuizAttempts = result.Attempts.Count == 0 ? null : [.. result.Attempts.Select(AttemptLine.Of)],
            });
            contact = result.Contact;
            session = result.Session;
        }
        return results;
    }

    private static string Describe(StepExpectation expectation) => JsonSerializer.Serialize(expectation, Transcript.Json);
}

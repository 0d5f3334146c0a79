using System.Text.Json;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>TranscriptTests: replays every golden conversation under Transcripts/, storing and reloading state between messages.</summary>
public sealed class TranscriptTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Transcripts"), "*.json").Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ConversationFollowsTranscript(string file)
    {
        var transcript = JsonSerializer.Deserialize<Transcript>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Transcripts", file)), Transcript.Json)!;
        Assert.NotEmpty(transcript.Steps);
        var engine = new ConversationEngine(new EngineOptions());
        var contact = transcript.Contact;
        var session = transcript.Session ?? new Session { ContactId = contact.Id };

        for (var i = 0; i < transcript.Steps.Count; i++)
        {
            var step = transcript.Steps[i];
            // What a store would do between messages: the engine only ever sees reloaded data.
            contact = RoundTrip(contact);
            session = RoundTrip(session);
            var contactBefore = JsonSerializer.Serialize(contact, Transcript.Json);
            var sessionBefore = JsonSerializer.Serialize(session, Transcript.Json);

            var inbound = new Inbound(step.InboundText, step.Kind, transcript.Channel, transcript.ChannelTraits,
                step.ChannelPhone, step.StartPayload);
            var result = engine.Step(contact, session, inbound, step.At);

            Assert.Equal(contactBefore, JsonSerializer.Serialize(contact, Transcript.Json));
            Assert.Equal(sessionBefore, JsonSerializer.Serialize(session, Transcript.Json));
            if (step.Kind != InboundKind.GroupChat) Assert.Equal(step.At, result.Contact.LastSeenAt);

            var actual = new StepExpectation
            {
                Replies = [.. result.Replies.Select(ExpectedReply.From)],
                Flow = result.Session.Flow,
                State = result.Session.State,
                Attempts = result.Session.Attempts,
                Answers = new SortedDictionary<string, string>(result.Session.Answers),
                Contact = ContactSnapshot.Of(result.Contact),
            };
            if (SourceFiles.Updating) step.Expect = actual;
            else
            {
                Assert.True(step.Expect is not null, $"{file} step {i + 1} has no expectation; run with UPDATE_TRANSCRIPTS=1");
                Assert.Equal(Describe(file, i, step.Expect), Describe(file, i, actual));
            }
            if (step.Kind is InboundKind.Media or InboundKind.GroupChat)
                Assert.Equal(sessionBefore, JsonSerializer.Serialize(result.Session, Transcript.Json)); // session untouched
            else if (result.Session.Flow is not null)
                Assert.Equal(step.At + new EngineOptions().SessionIdleTimeout, result.Session.ExpiresAt);
            contact = result.Contact;
            session = result.Session;
        }

        if (SourceFiles.Updating)
            File.WriteAllText(Path.Combine(SourceFiles.TestsDir, "Transcripts", file),
                JsonSerializer.Serialize(transcript, Transcript.Json) + "\n");
    }

    private static string Describe(string file, int index, StepExpectation expectation) =>
        $"{file} step {index + 1}:\n" + JsonSerializer.Serialize(expectation, Transcript.Json);

    private static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Transcript.Json), Transcript.Json)!;
}

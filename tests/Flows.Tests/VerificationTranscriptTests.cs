using System.Text.Json;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Tests.Support;
using OutreachBot.Flows.Tests.Verification;

namespace OutreachBot.Flows.Tests;

/// <summary>VerificationTranscriptTests: replays the golden conversations about proving a typed number (Verification/Transcripts), with the host's inputs each gives.</summary>
/// <remarks>Read from the source tree; UPDATE_TRANSCRIPTS=1 rewrites the expectations, to be reviewed like any change.</remarks>
public sealed class VerificationTranscriptTests
{
    private static string Folder => Path.Combine(SourceFiles.TestsDir, "Verification", "Transcripts");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Folder, "*.json").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ConversationFollowsTranscript(string file)
    {
        var path = Path.Combine(Folder, file);
        var transcript = JsonSerializer.Deserialize<VerificationTranscript>(File.ReadAllText(path), Transcript.Json)!;
        Assert.NotEmpty(transcript.Steps);
        var engine = new ConversationEngine(transcript.Options);
        var contact = transcript.Contact;
        var session = transcript.Session ?? new Session { ContactId = contact.Id };

        for (var i = 0; i < transcript.Steps.Count; i++)
        {
            var step = transcript.Steps[i];
            contact = RoundTrip(contact);
            session = RoundTrip(session);
            var inbound = new Inbound(step.Text, step.Kind, transcript.Channel, transcript.ChannelTraits, step.ChannelPhone,
                Nonce: step.Nonce, PhoneOwner: step.PhoneOwner);
            var result = engine.Step(contact, session, inbound, step.At);

            var actual = new VerificationExpectation
            {
                Replies = [.. result.Replies.Select(SentReply.From)],
                Flow = result.Session.Flow,
                State = result.Session.State,
                Attempts = result.Session.Attempts,
                Answers = new SortedDictionary<string, string>(result.Session.Answers),
                Contact = VerificationExpectation.ContactOf(result.Contact),
            };
            if (SourceFiles.Updating) step.Expect = actual;
            else
            {
                Assert.True(step.Expect is not null, $"{file} step {i + 1} has no expectation; run with UPDATE_TRANSCRIPTS=1");
                Assert.Equal(Describe(file, i, step.Expect), Describe(file, i, actual));
            }
            contact = result.Contact;
            session = result.Session;
        }

        if (SourceFiles.Updating) File.WriteAllText(path, JsonSerializer.Serialize(transcript, Transcript.Json) + "\n");
    }

    private static string Describe(string file, int index, VerificationExpectation expectation) =>
        $"{file} step {index + 1}:\n" + JsonSerializer.Serialize(expectation, Transcript.Json);

    private static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Transcript.Json), Transcript.Json)!;
}

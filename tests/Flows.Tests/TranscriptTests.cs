using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>TranscriptTests: replays every golden conversation under Transcripts/, reloading state through the store between messages.</summary>
/// <remarks>A run that differs is written beside the approved file as .received.json for review; see <see cref="TranscriptRunner"/>.</remarks>
public sealed class TranscriptTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Transcripts"), "*.json").Order())
            if (!f.EndsWith(".received.json", StringComparison.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ConversationFollowsTranscript(string file)
    {
        var approved = Path.Combine(AppContext.BaseDirectory, "Transcripts", file);
        var received = TranscriptMode.ReceivedPathOf(Path.Combine(SourceFiles.TestsDir, "Transcripts", file));

        var failure = new TranscriptRunner(TranscriptMode.FromEnvironment()).Run(approved, received);

        Assert.True(failure is null, failure);
    }
}

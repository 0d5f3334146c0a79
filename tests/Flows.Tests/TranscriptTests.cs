using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>TranscriptTests: replays every golden conversation under Transcripts/ (Verification/ holds those about proving a typed number), reloading state through the store between messages.</summary>
/// <remarks>A run that differs is written beside the approved file as .received.json for review; see <see cref="TranscriptRunner"/>.</remarks>
public sealed class TranscriptTests
{
    private static string Copied => Path.Combine(AppContext.BaseDirectory, "Transcripts");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Copied, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (!f.EndsWith(".received.json", StringComparison.Ordinal)) data.Add(Path.GetRelativePath(Copied, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ConversationFollowsTranscript(string file)
    {
        var approved = Path.Combine(Copied, file);
        var received = TranscriptMode.ReceivedPathOf(Path.Combine(SourceFiles.TestsDir, "Transcripts", file));

        var failure = new TranscriptRunner(TranscriptMode.FromEnvironment()).Run(approved, received);

        Assert.True(failure is null, failure);
    }
}

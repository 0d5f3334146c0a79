namespace OutreachBot.Flows.Tests.Support;

/// <summary>TranscriptMode: how golden-file checks (transcripts, the sign-up diagram) were asked to run, read once from the environment.</summary>
/// <param name="Update">UPDATE_TRANSCRIPTS=1: write a .received file for every golden file (to review them all), and fail.</param>
/// <param name="OnCi">CI=true (or 1): approved files are never regenerated there, so UPDATE_TRANSCRIPTS fails at once.</param>
public sealed record TranscriptMode(bool Update, bool OnCi)
{
    public static TranscriptMode FromEnvironment() => new(
        Environment.GetEnvironmentVariable("UPDATE_TRANSCRIPTS") == "1",
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1"));

    /// <summary>ReceivedPathOf: where a run of <paramref name="approvedPath"/> waits for review, "x.received.json" beside "x.json".</summary>
    public static string ReceivedPathOf(string approvedPath) =>
        Path.Combine(Path.GetDirectoryName(approvedPath)!, Path.GetFileNameWithoutExtension(approvedPath) + ".received" + Path.GetExtension(approvedPath));
}

namespace OutreachBot.Flows.Tests.Support;

/// <summary>GoldenFile: the review rule every golden file follows (transcripts, the sign-up diagram).</summary>
/// <remarks>
/// Nothing here writes an approved file. A run that differs from it, and every run under UPDATE_TRANSCRIPTS=1, is
/// written beside it for review and fails; whoever changed the behaviour compares the two files and, if the change is
/// right, moves the received file over the approved one. A run that matches settles a received file left over.
/// </remarks>
public sealed class GoldenFile(TranscriptMode mode)
{
    /// <summary>RefusedOnCi: why the check fails at once when UPDATE_TRANSCRIPTS=1 is set on CI, else null.</summary>
    public string? RefusedOnCi(string approvedPath) => mode.Update && mode.OnCi
        ? $"UPDATE_TRANSCRIPTS=1 is set on CI: approved files are changed only by a reviewed commit. Unset it ({Path.GetFileName(approvedPath)})."
        : null;

    /// <summary>Settle: null when the run matched; else <paramref name="run"/> is written to <paramref name="receivedPath"/> and the failure says why.</summary>
    /// <param name="difference">How the run differs from the approved file, or null when it does not.</param>
    public string? Settle(string approvedPath, string receivedPath, string? difference, string run)
    {
        if (difference is null && !mode.Update)
        {
            File.Delete(receivedPath); // a review left over from an earlier run is settled
            return null;
        }

        File.WriteAllText(receivedPath, run);
        var review = $"The whole run is in {receivedPath}. Compare it with {approvedPath} and, if the change is right, move it over the approved file.";
        return mode.Update
            ? $"UPDATE_TRANSCRIPTS=1 writes runs for review and never passes. {difference ?? Path.GetFileName(approvedPath) + " matches."} {review}"
            : $"{difference}\n{review}";
    }
}

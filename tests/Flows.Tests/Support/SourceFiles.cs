namespace OutreachBot.Flows.Tests.Support;

/// <summary>SourceFiles: paths inside the repository, for tests that read or rewrite golden files (UPDATE_TRANSCRIPTS=1).</summary>
/// <remarks>
/// Found by walking up from the test binaries to OutreachBot.sln rather than from [CallerFilePath], which
/// deterministic CI builds map to "/_/".
/// </remarks>
public static class SourceFiles
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_TRANSCRIPTS") == "1";

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>TestsDir: tests/Flows.Tests in the source tree.</summary>
    public static string TestsDir => Path.Combine(RepoRoot, "tests", "Flows.Tests");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OutreachBot.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("OutreachBot.sln not found above " + AppContext.BaseDirectory);
    }
}

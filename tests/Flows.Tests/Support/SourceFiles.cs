namespace OutreachBot.Flows.Tests.Support;

/// <summary>SourceFiles: paths inside the repository, for tests that read golden files or write runs beside them for review.</summary>
/// <remarks>
/// Found by walking up from the test binaries to OutreachBot.sln rather than from [CallerFilePath], which
/// deterministic CI builds map to "/_/".
/// </remarks>
public static class SourceFiles
{
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

using System.Runtime.CompilerServices;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>SourceFiles: paths inside the repository, for tests that rewrite their golden files (UPDATE_TRANSCRIPTS=1).</summary>
public static class SourceFiles
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_TRANSCRIPTS") == "1";

    /// <summary>TestsDir: tests/Flows.Tests in the source tree (found from this file's compile-time path).</summary>
    public static string TestsDir => Path.GetDirectoryName(Path.GetDirectoryName(ThisFile()))!;

    public static string RepoRoot => Path.GetFullPath(Path.Combine(TestsDir, "..", ".."));

    private static string ThisFile([CallerFilePath] string here = "") => here;
}

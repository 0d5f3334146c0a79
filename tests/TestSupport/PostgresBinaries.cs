using System.Diagnostics;

namespace OutreachBot.TestSupport;

/// <summary>PostgresBinaries finds the server programs (initdb, pg_ctl) of the installed PostgreSQL.</summary>
/// <remarks>
/// Debian keeps them out of PATH, under /usr/lib/postgresql/&lt;version&gt;/bin; the package's own file list says where.
/// OUTREACH_PG_BIN overrides the search (another version, a build of one's own).
/// </remarks>
public static class PostgresBinaries
{
    public const string OverrideVariable = "OUTREACH_PG_BIN";

    /// <summary>Find returns the folder holding initdb and pg_ctl, or throws saying how to install them.</summary>
    public static string Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden) candidates.Add(overridden);
        candidates.AddRange(FromDpkg("postgresql-15"));
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(v => Path.Combine(v, "bin")));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));

        foreach (var folder in candidates)
        {
            if (File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"))) return folder;
        }
        throw new InvalidOperationException(
            "The PostgreSQL server programs (initdb, pg_ctl) were not found. Install Debian's server package " +
            $"(apt-get install postgresql-15) or set {OverrideVariable} to the folder holding them.");
    }

    private static IEnumerable<string> FromDpkg(string package)
    {
        if (!File.Exists("/usr/bin/dpkg")) return [];
        try
        {
            using var dpkg = Process.Start(new ProcessStartInfo("dpkg", ["-L", package])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var lines = dpkg.StandardOutput.ReadToEnd().Split('\n');
            dpkg.WaitForExit();
            return lines.Where(l => l.EndsWith("/bin/pg_ctl", StringComparison.Ordinal)).Select(l => Path.GetDirectoryName(l)!).ToList();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}

using System.Diagnostics;

namespace OutreachBot.Storage.Tests.Support;

/// <summary>TinyDisk: a folder on a tmpfs of a few hundred kilobytes, for a real "No space left on device"; a <see cref="FaultyDisk"/> quota where mounting is not allowed.</summary>
/// <remarks>
/// Mounting needs root and a machine that allows it (CI may not): then the same test runs on the fake file streams
/// and says so in <see cref="How"/>, which the test writes to its output. It never skips.
/// </remarks>
internal sealed class TinyDisk : IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly FaultyDisk? _fake;

    private TinyDisk(long bytes, bool tryTmpfs)
    {
        Folder = _folder.File("disk");
        Directory.CreateDirectory(Folder);
        var (mounted, output) = tryTmpfs ? Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", Folder) : (false, "");
        if (mounted)
        {
            How = $"a {bytes}-byte tmpfs at {Folder}";
            return;
        }
        _fake = new FaultyDisk();
        _fake.LimitTo(bytes);
        How = tryTmpfs
            ? $"fake file streams with a {bytes}-byte quota, since mounting a tmpfs failed: {output.Trim()}"
            : $"fake file streams with a {bytes}-byte quota";
    }

    /// <summary>Create makes a disk with <paramref name="bytes"/> of room; <paramref name="tryTmpfs"/> false goes straight to the fake.</summary>
    public static TinyDisk Create(long bytes, bool tryTmpfs) => new(bytes, tryTmpfs);

    public string Folder { get; }

    /// <summary>How: which disk this is, for the test output.</summary>
    public string How { get; }

    /// <summary>Open opens a store on this disk.</summary>
    public LiteStore Open(string name) =>
        _fake is null ? new LiteStore(Path.Combine(Folder, name)) : new LiteStore(Path.Combine(Folder, name), fsync: null, _fake.Open);

    /// <summary>CopyTo copies the data file <paramref name="name"/> and its log to <paramref name="folder"/>, as they are on this disk; returns the copy's path.</summary>
    public string CopyTo(string name, string folder)
    {
        var copy = Path.Combine(folder, name);
        var data = Path.Combine(Folder, name);
        File.Copy(data, copy);
        if (File.Exists(LogFileSync.LogPathOf(data))) File.Copy(LogFileSync.LogPathOf(data), LogFileSync.LogPathOf(copy));
        return copy;
    }

    private static (bool Ok, string Output) Run(string program, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode == 0, output + $" (exit code {process.ExitCode})");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (false, ex.Message);
        }
    }

    public void Dispose()
    {
        // Lazy: detached at once even while a handle is still open, freed when it closes.
        if (_fake is null) Run("umount", "-l", Folder);
        _folder.Dispose();
    }
}

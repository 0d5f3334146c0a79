namespace OutreachBot.Storage;

/// <summary>LogFileSync makes LiteDB's committed transactions durable by fsyncing its write-ahead log file.</summary>
/// <remarks>
/// LiteDB 5.0.21 writes a commit's pages to "&lt;name&gt;-log.db" with plain pwrite calls on the committing thread
/// and never fsyncs them, so a power cut can lose a commit it reported. fsync flushes a file's dirty pages
/// whichever descriptor wrote them, so our own handle on the log is enough: one fsync per group commit.
/// On reopen LiteDB replays the confirmed transactions in the log; its size-triggered checkpoint copies them
/// into the data file and fsyncs that before it truncates the log.
/// A failed fsync is never retried: Linux reports a writeback error once and then marks the pages clean, so a
/// second fsync can succeed without the data being on disk. The caller stops storage instead (see <see cref="StorageWriter"/>).
/// </remarks>
/// <param name="dataPath">The LiteDB data file whose log is synced.</param>
/// <param name="fsync">How the log is flushed to disk; tests count or fail it. Production: <see cref="Fsync"/>.</param>
internal sealed class LogFileSync(string dataPath, Action<FileStream>? fsync = null) : IDisposable
{
    private readonly string _logPath = LogPathOf(dataPath);
    private readonly Action<FileStream> _fsync = fsync ?? Fsync;
    private FileStream? _log;

    /// <summary>LogPathOf returns where LiteDB keeps the log of <paramref name="dataPath"/> ("x.db" → "x-log.db").</summary>
    public static string LogPathOf(string dataPath)
    {
        var full = Path.GetFullPath(dataPath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-log" + Path.GetExtension(full));
    }

    /// <summary>Fsync flushes the file's dirty pages to the device (fsync on Linux, FlushFileBuffers on Windows).</summary>
    public static void Fsync(FileStream file) => file.Flush(flushToDisk: true);

    /// <summary>Sync fsyncs the log file; false when there is no log file yet (nothing was committed to it).</summary>
    public bool Sync()
    {
        if (_log is null)
        {
            if (!File.Exists(_logPath)) return false;
            // Opened for writing only because .NET issues fsync for writable handles; nothing is ever written here.
            _log = new FileStream(_logPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        _fsync(_log);
        return true;
    }

    public void Dispose() => _log?.Dispose();
}

using System.Text.Json;

namespace OutreachBot.Storage;

/// <summary>DataFileLock: one process per LiteDB file, held as an exclusively opened lock file for the process lifetime.</summary>
/// <remarks>
/// LiteDB opens its files shared, so two processes on one file both run and corrupt it. "&lt;data&gt;.lock" is opened
/// with FileShare.None (flock(LOCK_EX) on Linux, a share-deny open on Windows); the kernel drops it when the process
/// dies, kill -9 included, so a stale lock never blocks a restart. The lock file is never deleted: deleting it could let
/// two processes lock two different files of that name. .NET cannot read a file another process holds that way, so
/// the holder's pid and URLs go to a second, plain file, "&lt;data&gt;.service.json", which <c>chat</c> reads.
/// That file may be stale after a crash; only the lock says whether a process holds the data file.
/// </remarks>
public sealed class DataFileLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _servicePath;
    private readonly Lock _gate = new();
    private bool _disposed;

    private DataFileLock(FileStream held, string servicePath)
    {
        _lock = held;
        _servicePath = servicePath;
    }

    /// <summary>LockPathOf returns the lock file of <paramref name="dataPath"/> ("x.db" → "x.db.lock").</summary>
    public static string LockPathOf(string dataPath) => Path.GetFullPath(dataPath) + ".lock";

    /// <summary>ServicePathOf returns where the holder of <paramref name="dataPath"/> says who it is ("x.db" → "x.db.service.json").</summary>
    public static string ServicePathOf(string dataPath) => Path.GetFullPath(dataPath) + ".service.json";

    /// <summary>Acquire takes the lock of <paramref name="dataPath"/> or throws <see cref="DataFileInUseException"/> naming its holder.</summary>
    public static DataFileLock Acquire(string dataPath)
    {
        var held = TryOpen(dataPath) ?? throw new DataFileInUseException(Path.GetFullPath(dataPath), ReadService(dataPath)?.Pid);
        var fileLock = new DataFileLock(held, ServicePathOf(dataPath));
        // Written at once so a second process can name this one even before it listens anywhere.
        fileLock.Publish([]);
        return fileLock;
    }

    /// <summary>FindHolder returns who holds <paramref name="dataPath"/>, or null when no process does.</summary>
    /// <remarks>A holder that has not written its service file yet comes back with pid 0 and no URLs.</remarks>
    public static ServiceInfo? FindHolder(string dataPath)
    {
        if (!File.Exists(LockPathOf(dataPath))) return null;
        using (var probe = TryOpen(dataPath))
        {
            if (probe is not null) return null;
        }
        return ReadService(dataPath) ?? new ServiceInfo(0, []);
    }

    /// <summary>Publish records this process's pid and the URLs it listens on, for <c>chat</c> and for a second process's error.</summary>
    public void Publish(IReadOnlyList<string> urls)
    {
        var info = new ServiceInfo(Environment.ProcessId, [.. urls]);
        lock (_gate)
        {
            if (_disposed) return;
            // Written aside and renamed over, so a reader never sees half a file.
            var temporary = _servicePath + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(info, ServiceInfoJson.Default.ServiceInfo));
            File.Move(temporary, _servicePath, overwrite: true);
        }
    }

    private static FileStream? TryOpen(string dataPath)
    {
        var path = LockPathOf(dataPath);
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // held by another process (or by another store in this one)
        }
    }

    private static ServiceInfo? ReadService(string dataPath)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(ServicePathOf(dataPath)), ServiceInfoJson.Default.ServiceInfo);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Dispose removes the service file and releases the lock (the lock file itself stays).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            try { File.Delete(_servicePath); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            _lock.Dispose();
        }
    }
}

/// <summary>ServiceInfo: the process holding a data file and the URLs it listens on.</summary>
public sealed record ServiceInfo(int Pid, IReadOnlyList<string> Urls);

/// <summary>DataFileInUseException: another process (or store) holds the data file.</summary>
public sealed class DataFileInUseException(string dataPath, int? pid) : Exception(
    $"Storage:Path {dataPath} is in use by {(pid is > 0 ? "process " + pid : "another process")} (lock file {DataFileLock.LockPathOf(dataPath)}). "
    + "One process per data file: stop that process, or give this one another Storage:Path.")
{
    /// <summary>The data file's full path.</summary>
    public string DataPath { get; } = dataPath;

    /// <summary>The holder's pid when it could be read.</summary>
    public int? Pid { get; } = pid;
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ServiceInfo))]
internal sealed partial class ServiceInfoJson : System.Text.Json.Serialization.JsonSerializerContext;

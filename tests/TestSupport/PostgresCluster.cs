using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace OutreachBot.TestSupport;

/// <summary>PostgresCluster: a throw-away PostgreSQL cluster in a temp folder, on a free loopback port, stopped and deleted on Dispose.</summary>
/// <remarks>
/// Started with the installed package's initdb and pg_ctl. PostgreSQL refuses to run as root, so under root (CI) it runs as
/// the package's <c>postgres</c> user through runuser, in a folder given to that user. Passwords are required
/// (scram-sha-256), so tests see the same authentication a real deployment has. fsync is off by default: the tests never
/// cut the machine's power, and stopping the server with <c>-m immediate</c> (<see cref="CrashAsync"/>) still loses nothing
/// the kernel has. A benchmark asks for fsync on, so its commits cost what they cost in production.
/// A cluster left behind by a test process that was killed is stopped by the next one.
/// </remarks>
public sealed class PostgresCluster : IDisposable
{
    private const string RootFolderName = "outreachbot-pg";
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgresUser;
    private int _disposed;

    public int Port { get; }

    /// <summary>Password of the superuser <c>postgres</c>; random per cluster.</summary>
    public string Password { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Whether the server flushes its WAL to disk (fsync and full_page_writes on) or leaves it to the kernel.</summary>
    public bool Fsync { get; }

    /// <summary>More server settings (<c>-c name=value</c> options) a benchmark asked for, such as statement statistics.</summary>
    private readonly string _serverOptions;

    private PostgresCluster(string bin, string folder, bool asPostgresUser, int port, string password, bool fsync, string serverOptions = "")
    {
        (_bin, _folder, _asPostgresUser, Port, Password, Fsync, _serverOptions) = (bin, folder, asPostgresUser, port, password, fsync, serverOptions);
    }

    /// <summary>ConnectionString to <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Password = Password,
        Database = database,
        Pooling = true,
        Timeout = 10,
    }.ConnectionString;

    /// <summary>StartAsync creates and starts a new cluster; it takes a couple of seconds.</summary>
    /// <param name="fsync">true for a server that makes every commit durable on disk, as in production (benchmarks).</param>
    /// <param name="serverOptions">More <c>-c name=value</c> settings for the server, or empty.</param>
    public static async Task<PostgresCluster> StartAsync(bool fsync = false, string serverOptions = "")
    {
        var bin = PostgresBinaries.Find();
        var root = Path.Combine(Path.GetTempPath(), RootFolderName);
        Directory.CreateDirectory(root);
        StopAbandoned(bin, root);

        var folder = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString());
        var asPostgresUser = Environment.UserName == "root";
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var cluster = new PostgresCluster(bin, folder, asPostgresUser, FreePort(), password, fsync, serverOptions);
        try
        {
            await cluster.InitAsync();
            await cluster.StartServerAsync();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>CreateDatabaseAsync makes an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>CrashAsync stops the server at once, as a crash or a lost network would look to its clients.</summary>
    public Task CrashAsync() => RunAsync(PgCtl, "-D", DataFolder, "-m", "immediate", "-w", "stop");

    /// <summary>StartServerAsync starts the server on its folder and port, waiting until it accepts connections.</summary>
    public Task StartServerAsync()
    {
        var durability = Fsync ? "-c fsync=on -c full_page_writes=on" : "-c fsync=off -c full_page_writes=off";
        return RunAsync(PgCtl, "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_folder} {durability} -c max_connections=600 {_serverOptions}", "start");
    }

    private string PgCtl => Path.Combine(_bin, "pg_ctl");

    private async Task InitAsync()
    {
        var passwordFile = Path.Combine(_folder, "password");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (_asPostgresUser) await RunAsync("chown", "-R", "postgres:postgres", _folder);
        await RunAsync(Path.Combine(_bin, "initdb"), "-D", DataFolder, "-U", "postgres", "--pwfile", passwordFile,
            "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        File.Delete(passwordFile);
    }

    private async Task RunAsync(string program, params string[] arguments)
    {
        var start = _asPostgresUser && program != "chown"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = _folder;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>StopAbandoned stops and deletes clusters whose test process is gone (it was killed before it could).</summary>
    private static void StopAbandoned(string bin, string root)
    {
        foreach (var folder in Directory.GetDirectories(root))
        {
            var pidFile = Path.Combine(folder, "owner.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out var pid) && IsAlive(pid)) continue;
            var cluster = new PostgresCluster(bin, folder, Environment.UserName == "root", 0, "", fsync: false);
            cluster.Dispose();
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            try { CrashAsync().GetAwaiter().GetResult(); }
            catch (InvalidOperationException) { /* already stopped */ }
        }
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

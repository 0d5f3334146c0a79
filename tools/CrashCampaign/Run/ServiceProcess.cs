using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>ServiceProcess: one life of the service under test, a child process (<c>dotnet OutreachBot.CrashCampaign.dll serve</c>) on the campaign's data file.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _sinceStart;

    private ServiceProcess(Process process, Uri baseAddress, Stopwatch sinceStart)
    {
        _process = process;
        BaseAddress = baseAddress;
        _sinceStart = sinceStart;
        Exited = process.WaitForExitAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Completes when the process has exited, for whatever reason.</summary>
    public Task Exited { get; }

    /// <summary>Time since the process was started.</summary>
    public TimeSpan Age => _sinceStart.Elapsed;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Start launches the child on a free loopback port; its output is appended to <paramref name="log"/>.</summary>
    public static ServiceProcess Start(ServiceSettings settings, ServiceLog log, int life)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = settings.Folder,
        };
        info.ArgumentList.Add(typeof(ServiceProcess).Assembly.Location);
        info.ArgumentList.Add("serve");
        foreach (var (key, value) in settings.For(port)) info.ArgumentList.Add($"--{key}={value}");
        // The child must not inherit a test host's or an IDE's environment choice (Development turns on extra checks).
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var clock = Stopwatch.StartNew();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Write(life, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Write(life, "stderr: " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}/"), clock);
    }

    /// <summary>WaitHealthyAsync polls <c>/healthz</c> until it answers 200 (the delivery worker has recovered leases and runs); null when the process exits first or <paramref name="giveUp"/> fires.</summary>
    public async Task<TimeSpan?> WaitHealthyAsync(HttpClient http, CancellationToken giveUp)
    {
        var health = new Uri(BaseAddress, "healthz");
        while (!Exited.IsCompleted && !giveUp.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(health, giveUp);
                if (response.StatusCode == HttpStatusCode.OK) return _sinceStart.Elapsed;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet (or killed); try again shortly.
            }
            try { await Task.WhenAny(Exited, Task.Delay(20, giveUp)); }
            catch (OperationCanceledException) { }
        }
        return null;
    }

    /// <summary>PossibleDuplicatesAsync reads <c>outbox_possible_duplicates_total</c> from <c>/metrics</c>; null when it cannot be read.</summary>
    public async Task<long?> PossibleDuplicatesAsync(HttpClient http)
    {
        try
        {
            var text = await http.GetStringAsync(new Uri(BaseAddress, "metrics"));
            foreach (var line in text.Split('\n'))
                if (line.StartsWith("outbox_possible_duplicates_total ", StringComparison.Ordinal))
                    return (long)double.Parse(line.AsSpan("outbox_possible_duplicates_total ".Length), CultureInfo.InvariantCulture);
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or FormatException)
        {
            return null;
        }
    }

    /// <summary>KillAsync sends SIGKILL to the child and everything it started, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
        await Exited;
    }

    /// <summary>StopAsync asks for a clean stop by closing the child's input; false when it had not exited within <paramref name="grace"/> (it is then killed).</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        try { _process.StandardInput.Close(); }
        catch (IOException) { }
        if (await Task.WhenAny(Exited, Task.Delay(grace)) == Exited) return true;
        await KillAsync();
        return false;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>DotnetHost: the dotnet executable running us (set by the SDK under dotnet test and run), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}

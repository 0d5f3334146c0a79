using System.Diagnostics;
using System.Text;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>BotProcess: OutreachBot.Bot.dll run as a process of its own, as an operator or a developer starts it.</summary>
/// <remarks>Standard output and error are collected as they come; disposing kills the process if it still runs.</remarks>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private BotProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public string Output { get { lock (_output) return _output.ToString(); } }
    public string Errors { get { lock (_errors) return _errors.ToString(); } }
    public StreamWriter Input => _process.StandardInput;

    /// <summary>Start runs the bot with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static BotProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OutreachBot.Bot.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        return new BotProcess(Process.Start(start)!);
    }

    /// <summary>StartService runs the service on <paramref name="dataPath"/>, listening on a free loopback port, and waits until it says where.</summary>
    public static async Task<(BotProcess Service, Uri Address)> StartServiceAsync(string workingDirectory, string dataPath)
    {
        var service = Start(workingDirectory, "--Storage:Path=" + dataPath, "--Urls=http://127.0.0.1:0");
        var deadline = DateTime.UtcNow.AddSeconds(60); // a process start on a busy machine
        while (DataFileLock.FindHolder(dataPath) is not { Urls.Count: > 0 } holder || holder.Pid != service.Id)
        {
            if (service._process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"The service did not start: {service.Output}\n{service.Errors}");
            await Task.Delay(50);
        }
        return (service, new Uri(DataFileLock.FindHolder(dataPath)!.Urls[0]));
    }

    /// <summary>ExitCodeAsync waits (60 s at most) for the process to end and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

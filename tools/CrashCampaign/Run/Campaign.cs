using System.Diagnostics;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>Campaign: starts the service, drives sign-ups and bulk sends, SIGKILLs it at random moments, restarts it on the same file, then checks what survived.</summary>
public sealed class Campaign(CampaignOptions options, TextWriter output)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);

    private readonly Random _random = new(options.Seed);
    private readonly List<TimeSpan> _startTimes = [];
    private readonly List<string> _startFailures = [];
    private readonly List<string> _unexpectedExits = [];
    private int _kills, _killsDuringStart, _openAtKills, _lives;

    /// <summary>RunAsync runs the whole campaign and prints its figures; the result says whether every check passed.</summary>
    public async Task<CampaignResult> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var folder = options.Folder ?? Path.Combine(Path.GetTempPath(), "outreachbot-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var dataFile = Path.Combine(folder, "outreach.db");
        output.WriteLine($"crash campaign: {options.Kills} kills, seed {options.Seed}, faults {options.Faults:P0}, data {dataFile}");

        await using var provider = await FakeBotApi.StartAsync(options.Faults, ServiceSettings.SendTimeout + TimeSpan.FromSeconds(1), options.Seed);
        using var log = new ServiceLog(Path.Combine(folder, "service.log"));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(30) };
        var settings = new ServiceSettings(folder, dataFile, provider.BaseUrl, options);
        var gate = new ServiceGate();
        var client = new ServiceClient(http, gate);
        var signUps = new SignUpDriver(client, new Pacer(options.InboundRate), options.Concurrency);
        var bulk = new BulkDriver(client, http, gate, options);
        using var stopNew = new CancellationTokenSource();
        var work = Task.WhenAll(signUps.RunAsync(stopNew.Token), bulk.RunAsync(stopNew.Token));

        var checks = new Checks();
        var resendFailures = new List<string>();
        var drained = false;
        var cleanStop = false;
        while (_kills < options.Kills && _startFailures.Count == 0 && _unexpectedExits.Count < 10)
            await LiveAndKillAsync(settings, log, http, gate, provider);

        using (var last = await StartHealthyAsync(settings, log, http))
        {
            if (last is not null)
            {
                gate.Open(new Life(_lives, last.BaseAddress));
                await stopNew.CancelAsync();
                await work;
                drained = await DrainAsync(bulk);
                resendFailures = await signUps.ResendAllAsync();
                await CountDuplicatesAsync(last, http);
                gate.Close();
                cleanStop = await last.StopAsync(TimeSpan.FromSeconds(30)) && last.ExitCode == 0;
            }
        }

        checks.Add("the service starts every time", _startFailures);
        checks.Add("the service never exits unless killed", _unexpectedExits);
        checks.Add("no request answered other than 200 or 503", signUps.Failures.Concat(bulk.Failures));
        checks.Add("every acknowledged message sent again answers duplicate, with no replies", resendFailures);
        checks.Add("the outbox drains after the last restart").AddRange(drained ? [] : [$"messages still pending after {DrainLimit}"]);
        checks.Add("the last life stops cleanly (exit code 0)").AddRange(cleanStop ? [] : ["it did not stop within 30 s, or exited with an error"]);
        checks.Add("the provider saw only requests it serves").AddRange(provider.Unexpected == 0 ? [] : [$"{provider.Unexpected} unexpected requests"]);
        var counted = CountedDuplicates(log);
        var audit = Audit(dataFile, signUps, bulk, provider, counted, checks);

        new Report(options, output).Print(new ReportData(
            _kills, _killsDuringStart, [.. _startTimes], signUps, bulk, client, provider, audit,
            counted, _openAtKills, clock.Elapsed, Path.Combine(folder, "service.log")));
        checks.Print(output);
        output.WriteLine(checks.Passed ? "result: every check passed" : "result: FAILED: " + string.Join("; ", checks.FailedNames));

        if (checks.Passed && options.Folder is null)
        {
            log.Dispose();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
        return new CampaignResult(checks.Passed, checks.FailedNames, _kills, signUps.Acks.Count, folder);
    }

    /// <summary>LiveAndKillAsync runs one life and SIGKILLs it, after it is healthy or, sometimes, in the middle of its start.</summary>
    private async Task LiveAndKillAsync(ServiceSettings settings, ServiceLog log, HttpClient http, ServiceGate gate, FakeBotApi provider)
    {
        var life = ++_lives;
        using var service = ServiceProcess.Start(settings, log, life);
        if (NextDouble() < options.StartKills)
        {
            // Somewhere in the start: opening and replaying the file, recovering leases, loading the queue.
            var typical = _startTimes.Count > 0 ? Median(_startTimes) : TimeSpan.FromSeconds(1);
            var at = typical * NextDouble();
            using var giveUp = new CancellationTokenSource(at);
            var healthy = await service.WaitHealthyAsync(http, giveUp.Token);
            if (service.Exited.IsCompleted) { _startFailures.Add($"life {life} exited during start with code {service.ExitCode}"); return; }
            if (healthy is null)
            {
                _killsDuringStart++;
                _kills++;
                await service.KillAsync();
                return;
            }
            // Healthy sooner than aimed: a normal life, killed at once.
            _startTimes.Add(healthy.Value);
            await CountDuplicatesAsync(service, http);
        }
        else
        {
            using var giveUp = new CancellationTokenSource(StartLimit);
            if (await service.WaitHealthyAsync(http, giveUp.Token) is not { } healthy)
            {
                _startFailures.Add($"life {life} did not become healthy ({(service.Exited.IsCompleted ? $"exited with code {service.ExitCode}" : $"not within {StartLimit}")})");
                await service.KillAsync();
                return;
            }
            _startTimes.Add(healthy);
            await CountDuplicatesAsync(service, http);
            gate.Open(new Life(life, service.BaseAddress));
            var up = options.MinUp + (options.MaxUp - options.MinUp) * NextDouble();
            if (await Task.WhenAny(service.Exited, Task.Delay(up)) == service.Exited)
            {
                _unexpectedExits.Add($"life {life} exited by itself with code {service.ExitCode} after {service.Age.TotalSeconds:F1} s");
                gate.Close();
                return;
            }
            await CountDuplicatesAsync(service, http);
        }
        // Close the gate first, so no driver mistakes the cut-off requests for failures of a running service.
        gate.Close();
        _openAtKills += provider.OpenCalls;
        _kills++;
        await service.KillAsync();
    }

    /// <summary>Audit runs the store checks; a file that cannot even be opened fails them rather than the campaign.</summary>
    private static StoreAudit.AuditFigures? Audit(string dataFile, SignUpDriver signUps, BulkDriver bulk, FakeBotApi provider, long counted, Checks checks)
    {
        try
        {
            return StoreAudit.Run(dataFile, signUps, bulk, provider, counted, checks);
        }
        catch (Exception ex)
        {
            checks.Add("the data file opens after the last stop").Add($"{ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    private async Task<ServiceProcess?> StartHealthyAsync(ServiceSettings settings, ServiceLog log, HttpClient http)
    {
        var life = ++_lives;
        var service = ServiceProcess.Start(settings, log, life);
        using var giveUp = new CancellationTokenSource(StartLimit);
        if (await service.WaitHealthyAsync(http, giveUp.Token) is { } healthy)
        {
            _startTimes.Add(healthy);
            await CountDuplicatesAsync(service, http);
            return service;
        }
        _startFailures.Add($"the last life ({life}) did not become healthy");
        service.Dispose();
        return null;
    }

    /// <summary>The highest reading of the service's own count of possible duplicates (leases recovered) from /metrics.</summary>
    /// <remarks>The service keeps that count in its data file, written with each recovery, so every reading covers all earlier lives.</remarks>
    private long _duplicatesRead;

    private async Task CountDuplicatesAsync(ServiceProcess service, HttpClient http)
    {
        if (await service.PossibleDuplicatesAsync(http) is { } count && count > _duplicatesRead) _duplicatesRead = count;
    }

    /// <summary>CountedDuplicates: the stored count as last read, or what the logs say was recovered if that is more (a reading missed at the end).</summary>
    private long CountedDuplicates(ServiceLog log) =>
        Math.Max(_duplicatesRead, Enumerable.Range(1, _lives).Sum(log.RecoveredBy));

    private async Task<bool> DrainAsync(BulkDriver bulk)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < DrainLimit)
        {
            if (await bulk.PendingAsync() == 0) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private double NextDouble() => _random.NextDouble();

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}

/// <summary>CampaignResult: whether every check passed, and where the data file and the service's log are (kept when a check failed).</summary>
public sealed record CampaignResult(bool Passed, IReadOnlyList<string> Failed, int Kills, int Acknowledged, string Folder);

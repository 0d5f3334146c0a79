using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OutreachBot.Bench.Ceiling;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bench.Pipeline.Stores;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bench.Pipeline;

/// <summary>PipelineBench drives N simulated contacts through sign-up, in process or over HTTP, on one or several hosts, and prints rate, latency, delivery and the store's ceiling.</summary>
public static class PipelineBench
{
    /// <summary>SimRate: the simulator channel's send rate in the bench, far above the service's default (1,000/s), so delivery is measured, not the limit.</summary>
    private const int SimRate = 1_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var contacts = options.Int("contacts", 2000);
        var concurrency = options.Int("concurrency", 256);
        var instances = options.Int("instances", 1);
        var http = options.Flag("http");
        var echo = options.Flag("echo");
        var noDelivery = options.Flag("no-delivery");
        // --understanding off: exact keywords only (Flows:Understanding=false), to measure what the understanding layer costs.
        var understanding = options.String("understanding", "on") != "off";
        // --spread rotate (the default), sticky or random: see Spread.
        var spread = SpreadExtensions.Parse(options.String("spread", "rotate"));
        await using var store = await OpenStoreAsync(options);
        if (instances > 1 && !store.SharedByInstances)
        {
            Console.Error.WriteLine("--instances needs --store postgres: one process owns a LiteDB file");
            return 2;
        }
        var apps = Enumerable.Range(0, instances).Select(_ => Build(store.Settings, echo, noDelivery, understanding)).ToList();
        foreach (var app in apps) await app.StartAsync();
        var sends = apps.Select(app => http ? OverHttp(app) : InProcess(app)).ToArray();
        var hosts = apps.Select(a => a.Services).ToList();

        var flow = BenchScript.Named(options.String("flow", "signup"));
        var script = flow.For(0);
        Console.WriteLine($"pipeline bench: {contacts} contacts x {script.Count} messages, {concurrency} at a time, " +
                          $"{(http ? "HTTP (Kestrel on loopback)" : "in process")}, flows: {(echo ? "echo" : flow.Name)}, " +
                          $"replies {(noDelivery ? "left queued" : $"delivered by the delivery engine meanwhile (sim channel at {SimRate:N0}/s)")}, " +
                          $"{instances} instance(s){(instances > 1 ? ", " + spread.Describe() : "")}, {Environment.ProcessorCount} cores, " +
                          $"understanding {(understanding ? "on" : "off")}");
        Console.WriteLine($"store: {store.Description}");

        var sample = echo ? null : await CeilingSample.CaptureAsync(apps[0].Services, flow.For(999_999));
        var warmup = await WarmUpAsync(options, sends, flow, concurrency, spread, noDelivery ? null : () => DrainAsync(store, apps[0].Services, Stopwatch.StartNew(), null));
        // --no-analyze: measure on the plans the warm-up left (see IBenchStore.AfterWarmUpAsync).
        if (!options.Flag("no-analyze")) await store.AfterWarmUpAsync();
        var before = await store.ReadAsync(apps[0].Services);
        var commitsBefore = store.ConversationCommits(hosts);
        var (trustedBefore, staleBefore) = (store.TrustedReads(hosts), store.StaleWrites(hosts));
        var threadBefore = store.StorageThreadTimes(apps[0].Services);

        using var recorder = new LatencyRecorder();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineCpu.Read();
        var pausedBefore = GC.GetTotalPauseDuration();
        var gcsBefore = GC.CollectionCount(0);
        var jitBefore = JitFigures.Read();
        var clock = Stopwatch.StartNew();
        await Drive(sends, flow, 1_000_000, contacts, concurrency, recorder, spread);
        var inboundTime = clock.Elapsed;
        var groups = store.ConversationCommits(hosts) - commitsBefore;
        var (trusted, stale) = (store.TrustedReads(hosts) - trustedBefore, store.StaleWrites(hosts) - staleBefore);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var machineAfter = MachineCpu.Read();
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var gcs = GC.CollectionCount(0) - gcsBefore;
        var jit = JitFigures.Read() - jitBefore;
        recorder.Report(http ? "http" : "in-process", inboundTime);
        Console.WriteLine($"process CPU while inbound ran: {cpu.TotalSeconds:F2} s = {cpu.TotalSeconds / inboundTime.TotalSeconds:F2} cores busy of {Environment.ProcessorCount}, " +
                          $"{cpu.TotalMicroseconds / (contacts * script.Count):F0} µs of CPU per message (the PostgreSQL server's own CPU not included); " +
                          $"{gcs} garbage collections paused every thread for {paused.TotalSeconds:F2} s ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        Console.WriteLine($"JIT while inbound ran: {jit} (part of the process CPU above)");
        Console.WriteLine(MachineCpu.Describe(machineBefore, machineAfter));
        if (store.StorageThreadTimes(apps[0].Services) is { } threadAfter && threadBefore is not null)
        {
            var spent = threadAfter - threadBefore;
            Console.WriteLine($"storage thread while inbound ran: busy {spent.Busy.TotalSeconds / inboundTime.TotalSeconds:P0} of {inboundTime.TotalSeconds:F2} s ({spent})");
        }

        var after = noDelivery ? await store.ReadAsync(apps[0].Services) : await DrainAsync(store, apps[0].Services, clock, before);
        var messages = contacts * script.Count;
        var perCommit = groups == 0 ? 0 : (double)messages / groups;
        Console.WriteLine($"group commit: {groups} {(store.SharedByInstances ? "conversation transactions" : "durable commits (delivery's included)")} " +
                          $"for {messages} messages = {perCommit:F1} messages per transaction");
        if (store.SharedByInstances)
            Console.WriteLine($"reads: {trusted} of {messages} messages read the contact from their instance's own last write, without asking the database; {stale} writes found their contact changed since it was read and were redone");
        var failures = Check(before, after, contacts, script.Count, noDelivery, echo ? null : flow);
        Console.WriteLine(failures.Count == 0 ? "checks: all passed" : "CHECKS FAILED:\n  " + string.Join("\n  ", failures));

        foreach (var app in apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (await store.AfterStopAsync() is { } afterStop) Console.WriteLine(afterStop);

        if (sample is not null && !options.Flag("no-ceiling"))
        {
            var batch = Math.Max(1, (int)Math.Round(perCommit));
            // The store held the warm-up's messages (and the sample's) when the clock started: so does the ceiling's.
            var prefill = (warmup + 1) * script.Count;
            // The ceiling moves by up to half between runs on a shared machine; the median of a few runs moves less.
            var ceilings = new List<CeilingResult>();
            for (var run = 0; run < Math.Max(1, options.Int("ceiling-runs", 3)); run++)
            {
                ceilings.Add(await store.CeilingAsync(sample, prefill, messages, batch));
                Console.WriteLine(ceilings[^1]);
            }
            var ceiling = ceilings.OrderBy(c => c.PerSecond).ElementAt(ceilings.Count / 2);
            Console.WriteLine($"pipeline: {messages / inboundTime.TotalSeconds:F0} msg/s = {messages / inboundTime.TotalSeconds / ceiling.PerSecond:P0} of the ceiling at the same batch size " +
                              $"(the median of {ceilings.Count} runs, {ceiling.PerSecond:F0} msg/s; {sample.OutboxPerMessage:F2} outbox rows per message)");
            foreach (var extra in options.String("ceiling-batches", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                Console.WriteLine(await store.CeilingAsync(sample, prefill, messages, int.Parse(extra)));
        }
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>WarmUpAsync runs rounds of --warmup contacts (default 1,000), not counted, until the JIT has settled, and returns how many contacts it ran.</summary>
    /// <remarks>Tiered compilation goes on re-compiling the hot paths (instrumented, then optimised) on a background thread for
    /// tens of seconds: one round of 1,000 contacts left 3.3–4.0 s of compiling inside a 6–8 s window, more than half the
    /// process's CPU there. A service runs for days, so the window measures it once the compiler is quiet: the round's JIT
    /// time under --warmup-jit percent (default 3) of its wall time, or --warmup-rounds rounds (default 15), whichever is first.</remarks>
    private static async Task<int> WarmUpAsync(BenchArgs options, Send[] sends, BenchScript flow, int concurrency, Spread spread, Func<Task>? drain)
    {
        var size = options.Int("warmup", 1000);
        var maxRounds = options.Int("warmup-rounds", 15);
        var quiet = options.Int("warmup-jit", 3) / 100.0;
        var rounds = 0;
        double share;
        do
        {
            var jit = JitFigures.Read();
            var clock = Stopwatch.StartNew();
            // Timed as the window is, and the figures dropped: code first run inside the window would be compiled there, and
            // its first compile holds back the promotion of everything else (tiered compilation waits for a quiet 100 ms).
            using (var untimed = new LatencyRecorder()) await Drive(sends, flow, rounds * size, size, concurrency, untimed, spread);
            if (drain is not null) await drain();
            var spent = JitFigures.Read() - jit;
            share = spent.Time / clock.Elapsed;
            rounds++;
        } while (share >= quiet && rounds < maxRounds);
        Console.WriteLine($"warm-up: {rounds} round(s) of {size} contacts, not counted; the JIT took {share:P1} of the last round's time" +
                          (share >= quiet ? $" (still above {quiet:P0} after the last round allowed)" : ""));
        return rounds * size;
    }

    /// <summary>DrainAsync waits until every reply is sent and prints the delivery rate over the whole run.</summary>
    /// <remarks>With no <paramref name="before"/> (after the warm-up) it only waits.</remarks>
    private static async Task<StoredFigures> DrainAsync(IBenchStore store, IServiceProvider services, Stopwatch clock, StoredFigures? before)
    {
        // Polled with a cheap count, so the polling itself does not slow delivery down; the full figures are read once.
        while (await store.UnsettledAsync(services) > 0 && clock.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(250);
        var drained = clock.Elapsed;
        var now = await store.ReadAsync(services);
        if (before is null) return now;
        var sent = now.Sent - before.Sent;
        Console.WriteLine($"delivery: {sent} replies sent in {drained.TotalSeconds:F2} s from the start = {sent / drained.TotalSeconds:F0} msg/s" +
                          (now.Unsettled > 0 ? $"; {now.Unsettled} still unsent after 5 minutes" : ", all sent"));
        return now;
    }

    /// <summary>Check: every message stored once, every contact through its flow (registered, or its quiz finished), every reply sent once (nothing recovered, so no possible duplicate).</summary>
    private static List<string> Check(StoredFigures before, StoredFigures after, int contacts, int steps, bool noDelivery, BenchScript? flow)
    {
        var failures = new List<string>();
        void Expect(long expected, long actual, string what) { if (expected != actual) failures.Add($"{what}: expected {expected}, found {actual}"); }
        Expect((long)contacts * steps, after.Inbound - before.Inbound, "inbound messages stored");
        Expect(contacts, after.Contacts - before.Contacts, "contacts");
        if (flow is not null) Expect(contacts, flow.Completed(after) - flow.Completed(before), flow.CompletedWhat);
        if (!noDelivery)
        {
            Expect(0, after.Unsettled, "replies still queued or sending");
            Expect(after.Outbox, after.Sent, "replies sent");
            Expect(0, after.Recoveries, "leases recovered (possible duplicates)");
        }
        return failures;
    }

    /// <summary>OpenStoreAsync creates the run's fresh store: a LiteDB file (default) or, with --store postgres, a new PostgreSQL cluster.</summary>
    private static async Task<IBenchStore> OpenStoreAsync(BenchArgs options) => options.String("store", "litedb") switch
    {
        "litedb" => new LiteBenchStore(),
        "postgres" => await PostgresBenchStore.StartAsync(fsync: !options.Flag("fsync-off"),
            options.Flag("max-connections") ? options.Int("max-connections", 0) : null, options.Flag("statements"), options.String("server", "")),
        var other => throw new ArgumentException($"--store must be litedb or postgres, not {other}"),
    };

    private static WebApplication Build(IReadOnlyDictionary<string, string?> settings, bool echo, bool noDelivery, bool understanding)
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.Configuration["Flows:Understanding"] = understanding ? "true" : "false";
        builder.Configuration["Delivery:Channels:sim:Rate"] = SimRate.ToString();
        builder.Configuration["Delivery:Channels:sim:Burst"] = SimRate.ToString();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddOutreachBot();
        if (echo) builder.Services.AddSingleton<IConversationEngine, EchoEngine>();
        // --no-delivery measures the inbound pipeline alone: the outbox fills, nothing claims or sends.
        if (noDelivery) builder.Services.RemoveAll<IHostedService>(d => d.ImplementationType == typeof(DeliveryWorker));
        var app = builder.Build();
        app.MapOutreachBot();
        return app;
    }

    private delegate Task Send(string user, string text, string id);

    private static Send InProcess(WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<IInboundPipeline>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        return (user, text, id) => pipeline.HandleAsync(
            new InboundMessage("sim", id, "sim:" + user, text, InboundKind.Text, ChannelTraits.Simulator, time.GetUtcNow()), CancellationToken.None);
    }

    private static Send OverHttp(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri(address) };
        return async (user, text, id) =>
        {
            using var response = await client.PostAsJsonAsync("/api/simulator/messages", new { from = user, text, id });
            response.EnsureSuccessStatusCode();
        };
    }

    /// <summary>Drive runs <paramref name="count"/> contacts through the script, each one message at a time, <paramref name="concurrency"/> contacts at once.</summary>
    /// <remarks>With several hosts, <paramref name="spread"/> picks the host of each message.</remarks>
    private static async Task Drive(Send[] sends, BenchScript flow, int firstContact, int count, int concurrency, LatencyRecorder? recorder, Spread spread)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var n = firstContact + i;
                var user = "bench" + n;
                var steps = flow.For(n);
                for (var s = 0; s < steps.Count; s++)
                {
                    var id = user + "-" + s;
                    var text = steps[s];
                    var send = sends[spread.HostOf(n, s, sends.Length)];
                    if (recorder is null) await send(user, text, id);
                    else await recorder.Time(() => send(user, text, id));
                }
            }
        });
        await Task.WhenAll(workers);
    }
}

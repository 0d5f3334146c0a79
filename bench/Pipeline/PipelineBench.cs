using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bench.Pipeline.Stores;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bench.Pipeline;

/// <summary>PipelineBench drives N simulated contacts through sign-up, in process or over HTTP, and prints rate, latency and memory.</summary>
public static class PipelineBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var contacts = options.Int("contacts", 2000);
        var concurrency = options.Int("concurrency", 256);
        var http = options.Flag("http");
        var echo = options.Flag("echo");
        var noDelivery = options.Flag("no-delivery");
        await using var store = await OpenStoreAsync(options);
        var app = Build(store.Settings, echo, noDelivery);
        await app.StartAsync();
        var send = http ? OverHttp(app) : InProcess(app);

        var script = SignUpScript.Steps;
        Console.WriteLine($"pipeline bench: {contacts} contacts x {script.Count} messages, {concurrency} at a time, " +
                          $"{(http ? "HTTP (Kestrel on loopback)" : "in process")}, flows: {(echo ? "echo" : "sign-up")}, " +
                          $"replies {(noDelivery ? "left queued" : "delivered by the delivery engine meanwhile")}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"store: {store.Description}");

        // Warm-up, not counted: lets tiered JIT finish optimising the hot paths before the clock starts.
        await Drive(send, 0, options.Int("warmup", 1000), concurrency, null);
        using var recorder = new LatencyRecorder();
        var clock = Stopwatch.StartNew();
        await Drive(send, 1_000_000, contacts, concurrency, recorder);
        recorder.Report(http ? "http" : "in-process", clock.Elapsed);

        Console.WriteLine(await store.ContentsAsync(app.Services));
        await app.StopAsync();
        await app.DisposeAsync();
        if (await store.AfterStopAsync() is { } afterStop) Console.WriteLine(afterStop);
        return 0;
    }

    /// <summary>OpenStoreAsync creates the run's fresh store: a LiteDB file (default) or, with --store postgres, a new PostgreSQL cluster.</summary>
    private static async Task<IBenchStore> OpenStoreAsync(BenchArgs options) => options.String("store", "litedb") switch
    {
        "litedb" => new LiteBenchStore(),
        "postgres" => await PostgresBenchStore.StartAsync(fsync: !options.Flag("fsync-off"),
            options.Flag("max-connections") ? options.Int("max-connections", 0) : null),
        var other => throw new ArgumentException($"--store must be litedb or postgres, not {other}"),
    };

    private static WebApplication Build(IReadOnlyDictionary<string, string?> settings, bool echo, bool noDelivery)
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
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
    private static async Task Drive(Send send, int firstContact, int count, int concurrency, LatencyRecorder? recorder)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var n = firstContact + i;
                var user = "bench" + n;
                var steps = SignUpScript.For(n);
                for (var s = 0; s < steps.Count; s++)
                {
                    var id = user + "-" + s;
                    var text = steps[s];
                    if (recorder is null) await send(user, text, id);
                    else await recorder.Time(() => send(user, text, id));
                }
            }
        });
        await Task.WhenAll(workers);
    }
}

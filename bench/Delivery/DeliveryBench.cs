using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OutreachBot.Bench.Pipeline;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bench.Delivery;

/// <summary>DeliveryBench: a bulk backlog drained through a rate-limiting loopback provider while replies arrive; prints throughput, 429s and reply latency.</summary>
public static class DeliveryBench
{
    private const string Channel = "telegram";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var backlog = options.Int("backlog", 100_000);
        var seconds = options.Int("seconds", 20);
        var rate = options.Int("rate", 30);
        var repliesPerSecond = options.Int("replies", 4);
        var chats = options.Int("chats", 20_000);
        var folder = Path.Combine(Path.GetTempPath(), "outreachbot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var provider = new RateLimitedProvider(rate);
            using var http = new HttpClient { BaseAddress = provider.BaseAddress };
            var sender = new HttpBenchSender(Channel, http, () => provider.Seconds);
            await using var services = Build(Path.Combine(folder, "delivery.db"), rate, backlog, sender);
            var hosted = services.GetServices<IHostedService>().ToList();
            foreach (var service in hosted) await service.StartAsync(CancellationToken.None);
            var writer = services.GetRequiredService<StorageWriter>();
            var bulk = services.GetRequiredService<BulkOutbox>();
            var signal = services.GetRequiredService<IOutboxSignal>();

            Console.WriteLine($"delivery bench: {backlog} bulk messages to {chats} chats, provider limit {rate}/s overall and 1/s per chat, " +
                              $"{repliesPerSecond} replies/s, {seconds} s measured, {Environment.ProcessorCount} cores");
            var clock = Stopwatch.StartNew();
            var wallStart = DateTimeOffset.UtcNow;
            for (var start = 0; start < backlog; start += 1000)
            {
                var batch = Enumerable.Range(start, Math.Min(1000, backlog - start)).Select(i => new OutboxMessage
                {
                    ContactId = 1_000_000 + i % chats, Channel = Channel, Urn = "telegram:" + (i % chats),
                    Text = $"تذكير رقم {i}: نشاط التطوع بكرة الساعة ١٠ الصبح", GroupId = "bench-broadcast",
                }).ToList();
                await bulk.EnqueueBulkAsync(batch, CancellationToken.None);
            }
            Console.WriteLine($"enqueued {backlog} bulk messages through EnqueueBulk in {clock.Elapsed.TotalSeconds:F1} s");

            var measureFrom = provider.Seconds;
            var latencies = new List<double>();
            var replies = new List<OutboxMessage>();
            var stop = measureFrom + seconds;
            var replyId = 0;
            while (provider.Seconds < stop)
            {
                var now = DateTimeOffset.UtcNow;
                var reply = new OutboxMessage
                {
                    ContactId = ++replyId, Channel = Channel, Urn = "telegram:r" + replyId, Text = "تمام، اختار رقم",
                    Priority = OutboxPriority.Reply, Status = OutboxStatus.Queued, CreatedAt = now, NextAttemptAt = now, InboundReceivedAt = now,
                };
                // As the pipeline does: one durable write, then the notification.
                await writer.WriteAsync(s => s.Outbox.Insert(reply));
                signal.Notify([reply]);
                replies.Add(reply);
                await Task.Delay(TimeSpan.FromSeconds(1.0 / repliesPerSecond));
            }
            await Task.Delay(TimeSpan.FromSeconds(2)); // let the last replies land
            var end = measureFrom + seconds;

            var accepted = provider.Accepted.ToArray();
            var inWindow = accepted.Count(a => a.Seconds >= measureFrom && a.Seconds < end);
            var throttledInWindow = provider.Throttles.Count(t => t >= measureFrom && t < end);
            var acceptedAt = accepted.ToDictionary(a => a.Id, a => a.At);
            foreach (var reply in replies)
                if (acceptedAt.TryGetValue(reply.Id.ToString(), out var at)) latencies.Add((at - reply.InboundReceivedAt!.Value).TotalMilliseconds);
            latencies.Sort();
            double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
            var counts = await bulk.CountsAsync("bench-broadcast");
            Console.WriteLine($"throughput: {inWindow} accepted in {seconds} s = {inWindow / (double)seconds:F2} msg/s = {100.0 * inWindow / (seconds * rate):F1}% of the {rate}/s limit; " +
                              $"429s in the window: {throttledInWindow} (whole run: {provider.Throttled}, of which per chat: {provider.PerChatRefusals}); " +
                              $"sender calls {sender.Calls}, provider answers {provider.Accepted.Count + provider.Throttled}");
            if (Environment.GetEnvironmentVariable("BENCH_DEBUG") == "1")
                foreach (var t in provider.Throttles)
                    Console.WriteLine($"429 at {t:F3}s; accepted in the second before: {accepted.Count(a => a.Seconds > t - 1 && a.Seconds <= t)}; accepted before: {accepted.Count(a => a.Seconds <= t)}; first accepted at {accepted[0].Seconds:F3}s; our calls in the second before {sender.CallTimes.Count(c => c > t - 1 && c <= t)}, before {sender.CallTimes.Count(c => c <= t)}, first at {sender.CallTimes.Min():F3}");
            Console.WriteLine($"replies: {latencies.Count} of {replies.Count} delivered behind the bulk backlog; latency inbound->provider p50 {P(0.5):F1} ms, p99 {P(0.99):F1} ms, max {P(1.0):F1} ms");
            Console.WriteLine($"bulk still queued: {counts.GetValueOrDefault(OutboxStatus.Queued)}, sent: {counts.GetValueOrDefault(OutboxStatus.Sent)}; " +
                              $"storage commits: {writer.Commits}; wall clock minus monotonic over the run: {((DateTimeOffset.UtcNow - wallStart) - clock.Elapsed).TotalMilliseconds:F1} ms; working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:F0} MiB");

            foreach (var service in hosted) await service.StopAsync(CancellationToken.None);
            return 0;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static ServiceProvider Build(string dbPath, int rate, int backlog, IChannelSender sender)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Delivery:Channels:telegram:Rate"] = rate.ToString(),
            ["Delivery:Channels:telegram:Burst"] = Math.Max(1, rate * 2 / 3).ToString(),
            ["Delivery:Channels:telegram:PerRecipientRate"] = "1",
            ["Delivery:BulkBacklogLimit"] = Math.Max(backlog + 1000, 1000).ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(Environment.GetEnvironmentVariable("BENCH_DEBUG") == "1" ? LogLevel.Information : LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new LiteStore(dbPath));
        services.AddSingleton(sp => new StorageWriter(sp.GetRequiredService<LiteStore>(), new StorageOptions { Path = dbPath }, sp.GetRequiredService<ILogger<StorageWriter>>()));
        services.AddOutreachStorage(_ => new StorageOptions { Path = dbPath }, _ => null);
        services.AddSingleton(sender);
        services.AddDelivery(config);
        return services.BuildServiceProvider();
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using Prometheus;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>DeliveryRig: the delivery engine on a real LiteDB file in a temp folder, with the senders and clock a test chooses.</summary>
/// <remarks>Dispose stops the worker; <see cref="Crash"/> abandons it instead, as a killed process would.</remarks>
internal sealed class DeliveryRig : IAsyncDisposable
{
    public DeliveryRig(string dbPath, DeliveryOptions options, TimeProvider time, IEnumerable<IChannelSender> senders, IDeliveryCrashHook? crashHook = null)
    {
        Store = new LiteStore(dbPath);
        Writer = new StorageWriter(Store, new StorageOptions { Path = dbPath }, NullLogger<StorageWriter>.Instance);
        Metrics = new DeliveryMetrics(Prometheus.Metrics.NewCustomRegistry());
        Parts = new DeliveryEngineParts(options, time, Metrics, crashHook);
        Queues = new DeliveryQueues(Metrics);
        Health = new DeliveryHealth();
        Outbox = new OutreachBot.Storage.LiteDb.LiteOutboxStore(Writer);
        Bulk = new BulkOutbox(Queues, Outbox, Parts);
        // The engine's logs are kept: a dispatcher round that fails waits on the test's clock, and only its log says why.
        Worker = new DeliveryWorker(senders, Queues, Outbox, Parts, Health, new OutreachBot.Storage.LiteDb.LiteExclusiveRoles(),
            LoggerFactory.Create(logging => logging.AddProvider(Logs)));
    }

    /// <summary>Logs: every line the delivery engine logged.</summary>
    public CollectingLoggerProvider Logs { get; } = new();

    /// <summary>Within waits up to 10 s for <paramref name="task"/>; on time-out it fails naming <paramref name="what"/> and any errors the engine logged.</summary>
    public async Task Within(Task task, string what)
    {
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10))) != task)
            Assert.Fail($"Timed out waiting for {what}; engine errors: " +
                        string.Join("\n", Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))));
        await task;
    }

    public LiteStore Store { get; }
    public StorageWriter Writer { get; }
    public IOutboxStore Outbox { get; }
    public DeliveryMetrics Metrics { get; }
    public DeliveryEngineParts Parts { get; }
    public DeliveryQueues Queues { get; }
    public DeliveryHealth Health { get; }
    public BulkOutbox Bulk { get; }
    public DeliveryWorker Worker { get; }

    /// <summary>Options with no jitter and quiet hours off, so tests see exact instants; tweak before use.</summary>
    public static DeliveryOptions ExactOptions()
    {
        var options = new DeliveryOptions { RetryJitter = 0, ArrivalJitter = TimeSpan.Zero }; // a fake clock and no transit: calls arrive as they leave
        options.QuietHours.Enabled = false;
        return options;
    }

    /// <summary>StartAsync recovers the outbox and starts the dispatchers; it returns once they run.</summary>
    public async Task StartAsync()
    {
        await Worker.StartAsync(CancellationToken.None);
        await Eventually(() => Health.Running || Health.Error is not null, "worker running");
        Assert.True(Health.Running, "worker failed: " + Health.Error);
    }

    /// <summary>AddAsync inserts messages the way the pipeline does: one durable write, then the notification.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> AddAsync(params OutboxMessage[] messages)
    {
        var inserted = await Writer.WriteAsync(store => { foreach (var m in messages) store.Outbox.Insert(m); return messages; });
        Queues.Notify(inserted);
        return inserted;
    }

    /// <summary>Read runs a read on the storage thread (the only thread allowed to touch the store) and waits for it.</summary>
    public T Read<T>(Func<LiteStore, T> read) => Writer.ReadAsync(read).GetAwaiter().GetResult();

    public OutboxMessage Load(long id) => Read(s => s.Outbox.FindById(id));

    /// <summary>Eventually polls (in real time) until <paramref name="condition"/> holds, failing after 15 s.</summary>
    public static async Task Eventually(Func<bool> condition, string what, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) Assert.Fail("Timed out waiting for " + what);
            await Task.Delay(5);
        }
    }

    /// <summary>AdvanceUntil moves fake time in steps until <paramref name="condition"/> holds, letting the dispatcher run between steps.</summary>
    public static async Task AdvanceUntil(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !condition(); i++)
        {
            time.Advance(step);
            await Task.Delay(1);
        }
        await Eventually(condition, what, 5_000);
    }

    public string MetricsText()
    {
        using var stream = new MemoryStream();
        Metrics.Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Crash abandons the worker without letting it settle anything, then closes the file.</summary>
    public void Crash()
    {
        _ = Worker.StopAsync(new CancellationToken(canceled: true));
        Writer.Dispose();
        Store.Dispose();
        _crashed = true;
    }

    private bool _crashed;

    public async ValueTask DisposeAsync()
    {
        if (_crashed) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Worker.StopAsync(timeout.Token);
        Writer.Dispose();
        Store.Dispose();
    }
}

/// <summary>Messages: builders of outbox rows for tests.</summary>
internal static class Messages
{
    public static OutboxMessage Of(string channel, string urn, string text, OutboxPriority priority, DateTimeOffset now, long contactId = 1, string? group = null) => new()
    {
        ContactId = contactId,
        Channel = channel,
        Urn = urn,
        Text = text,
        Priority = priority,
        Status = OutboxStatus.Queued,
        CreatedAt = now,
        NextAttemptAt = now,
        GroupId = group,
        InboundReceivedAt = priority == OutboxPriority.Reply ? now : null,
    };
}

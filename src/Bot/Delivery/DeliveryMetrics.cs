using Prometheus;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryMetrics: the delivery engine's Prometheus series, in a registry of its own (no static default registry, so test hosts do not collide).</summary>
public sealed class DeliveryMetrics
{
    private readonly Counter _queued;
    private readonly Counter _sent;
    private readonly Counter _failed;
    private readonly Counter _retried;
    private readonly Counter _throttled;
    private readonly Counter _duplicates;
    private readonly Histogram _replyLatency;
    private readonly Gauge _backlog;

    public DeliveryMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        string[] channel = ["channel"];
        _queued = factory.CreateCounter("outbox_queued_total", "Messages queued for sending.", new CounterConfiguration { LabelNames = ["channel", "lane"] });
        _sent = factory.CreateCounter("outbox_sent_total", "Messages the provider accepted.", new CounterConfiguration { LabelNames = channel });
        _failed = factory.CreateCounter("outbox_failed_total", "Messages given up, by error code.", new CounterConfiguration { LabelNames = ["channel", "code"] });
        _retried = factory.CreateCounter("outbox_retried_total", "Transient failures scheduled for another attempt.", new CounterConfiguration { LabelNames = channel });
        _throttled = factory.CreateCounter("outbox_throttled_total", "Provider answers asking us to slow down.", new CounterConfiguration { LabelNames = channel });
        _duplicates = factory.CreateCounter("outbox_possible_duplicates_total", "Messages whose claim lapsed without an outcome (a crash, a failed write) and were sent again: each may arrive twice.");
        _replyLatency = factory.CreateHistogram("outbox_reply_latency_seconds", "Inbound received to reply accepted by the provider.",
            new HistogramConfiguration { LabelNames = channel, Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        _backlog = factory.CreateGauge("outbox_backlog", "Messages queued in memory, by lane.", ["channel", "lane"]);
    }

    public CollectorRegistry Registry { get; }

    public void Queued(OutboxMessage message) => _queued.WithLabels(message.Channel, LaneName(message.Priority)).Inc();

    public void Sent(OutboxMessage message, DateTimeOffset now)
    {
        _sent.WithLabels(message.Channel).Inc();
        if (message.Priority == OutboxPriority.Reply && message.InboundReceivedAt is { } received)
            _replyLatency.WithLabels(message.Channel).Observe(Math.Max(0, (now - received).TotalSeconds));
    }

    public void Failed(OutboxMessage message, string code) => _failed.WithLabels(message.Channel, code).Inc();
    public void Retried(OutboxMessage message) => _retried.WithLabels(message.Channel).Inc();
    public void Throttled(string channel) => _throttled.WithLabels(channel).Inc();
    /// <summary>PossibleDuplicates sets the duplicates counter to the count kept in storage, which survives restarts (see LeaseRecovery).</summary>
    public void PossibleDuplicates(long storedTotal) => _duplicates.IncTo(storedTotal);

    /// <summary>ObserveBacklog refreshes the backlog gauge from the lanes just before a scrape.</summary>
    public void ObserveBacklog(IEnumerable<OutboxLanes> lanes)
    {
        foreach (var lane in lanes)
        {
            _backlog.WithLabels(lane.Channel, "reply").Set(lane.ReplyCount);
            _backlog.WithLabels(lane.Channel, "bulk").Set(lane.BulkCount);
        }
    }

    public static string LaneName(OutboxPriority priority) => priority == OutboxPriority.Reply ? "reply" : "bulk";
}

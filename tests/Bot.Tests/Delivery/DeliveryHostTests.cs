using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>DeliveryHostTests: the real host delivers the pipeline's replies and serves /metrics and /healthz.</summary>
public sealed class DeliveryHostTests : ScriptedHostTest
{
    [Fact]
    public async Task HealthzAnswersOkOnceDeliveryRuns()
    {
        await DeliveryRig.Eventually(() => Client.GetAsync("/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK, "healthz ok");

        Assert.Equal("ok", await Client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task PipelineReplyIsSentAndShowsInPrometheusMetrics()
    {
        var response = await Client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "انضم" });
        response.EnsureSuccessStatusCode();
        var writer = Host.Services.GetRequiredService<StorageWriter>();

        await DeliveryRig.Eventually(() => writer.ReadAsync(s => s.Outbox.Find(m => m.Urn == "sim:alice").ToList())
            .GetAwaiter().GetResult() is { Count: > 0 } sent && sent.All(m => m.Status == OutboxStatus.Sent), "reply sent");

        var metrics = await Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType!.ToString());
        // The counters move just after the outcome is stored, so the row can read Sent a moment before /metrics says so.
        var text = "";
        await DeliveryRig.Eventually(() => (text = Client.GetStringAsync("/metrics").GetAwaiter().GetResult()).Contains("outbox_sent_total{channel=\"sim\"} 1"),
            "/metrics counting the sent reply");
        Assert.Contains("outbox_queued_total{channel=\"sim\",lane=\"reply\"} 1", text);
        Assert.Contains("outbox_reply_latency_seconds_count{channel=\"sim\"} 1", text);
        Assert.Contains("outbox_backlog{channel=\"sim\",lane=\"bulk\"} 0", text);
    }

    [Fact]
    public async Task TwoHostsInOneProcessKeepTheirOwnMetrics()
    {
        using var folder = new TempFolder();
        using var other = new BotHostFactory(folder.File("other.db"));
        using var otherClient = other.CreateClient();

        Assert.NotSame(Host.Services.GetRequiredService<Prometheus.CollectorRegistry>(), other.Services.GetRequiredService<Prometheus.CollectorRegistry>());
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/metrics")).StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Engine;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>DeliveryHostTests: the real host delivers the pipeline's replies and serves /metrics and /healthz.</summary>
public sealed class DeliveryHostTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BotHostFactory _host;
    private readonly HttpClient _client;

    public DeliveryHostTests()
    {
        _host = new BotHostFactory(_folder.File("host.db"))
        {
            ConfigureServices = s => s.AddSingleton<IConversationEngine, ScriptedEngine>(),
        };
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task HealthzAnswersOkOnceDeliveryRuns()
    {
        await DeliveryRig.Eventually(() => _client.GetAsync("/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK, "healthz ok");

        Assert.Equal("ok", await _client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task PipelineReplyIsSentAndShowsInPrometheusMetrics()
    {
        var response = await _client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "انضم" });
        response.EnsureSuccessStatusCode();
        var writer = _host.Services.GetRequiredService<StorageWriter>();

        await DeliveryRig.Eventually(() => writer.ReadAsync(s => s.Outbox.Find(m => m.Urn == "sim:alice").ToList())
            .GetAwaiter().GetResult() is { Count: > 0 } sent && sent.All(m => m.Status == OutboxStatus.Sent), "reply sent");

        var metrics = await _client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType!.ToString());
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("outbox_sent_total{channel=\"sim\"} 1", text);
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

        Assert.NotSame(_host.Services.GetRequiredService<Prometheus.CollectorRegistry>(), other.Services.GetRequiredService<Prometheus.CollectorRegistry>());
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/metrics")).StatusCode);
    }
}

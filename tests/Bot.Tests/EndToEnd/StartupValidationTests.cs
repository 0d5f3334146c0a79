using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Flows.Model;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>Bad configuration stops the host at start with a message that names the setting.</summary>
/// <remarks>A bare host of the same wiring: WebApplicationFactory sometimes reports a failed start as a disposed provider, hiding the message.</remarks>
public sealed class StartupValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Flows:SessionIdleTimeout", "-01:00:00")]
    [InlineData("Flows:ConsentTextVersion", " ")]
    [InlineData("Storage:MaxBatch", "0")]
    [InlineData("Storage:Path", " ")]
    [InlineData("Storage:Retention", "6.23:59:59")] // inbound rows are the dedupe keys; Telegram redelivers within a day
    [InlineData("Storage:Retention", "00:00:00")]
    [InlineData("Storage:Retention", "-180.00:00:00")]
    [InlineData("Storage:Retention", "half a year")]
    [InlineData("Inbound:MaxPending", "0")]
    [InlineData("Inbound:RateLimit", "-1")]
    [InlineData("Inbound:RateWindow", "00:00:00")]
    public async Task AnInvalidSettingFailsTheStartNamingIt(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = _folder.File("v.db"),
            [key] = value,
        });
        builder.AddOutreachBot();
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.Contains(key, error.Message);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.1/8")] // host bits set: a typo for 10.0.0.0/8 or for 10.0.0.1, so refused rather than guessed
    [InlineData("localhost")]
    [InlineData("")]
    public async Task AnInvalidMetricsNetworkFailsTheStartNamingTheSetting(string network)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = _folder.File("m.db"),
            ["Metrics:AllowedNetworks:0"] = "10.0.0.0/8",
            ["Metrics:AllowedNetworks:1"] = network,
        });
        builder.AddOutreachBot();
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.Contains("Metrics:AllowedNetworks", error.Message);
        Assert.Contains($"not \"{network}\"", error.Message);
    }

    [Fact]
    public async Task TheDefaultsStartWithNoCredentials()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = _folder.File("d.db") });
        builder.AddOutreachBot();
        using var host = builder.Build();
        await host.StartAsync();

        // Started and still running, the delivery workers too (what /healthz reports): one that failed would stop the host.
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var delivery = host.Services.GetRequiredService<DeliveryHealth>();
        await Eventually.TrueAsync(() => delivery.Running || delivery.Error is not null, "the delivery workers running or failed");
        Assert.Null(delivery.Error);
        Assert.True(lifetime.ApplicationStarted.IsCancellationRequested);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.True(File.Exists(_folder.File("d.db")));
        // Every channel that needs credentials is off; the service answers through the same pipeline as the simulator.
        Assert.False(host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value.Enabled);
        Assert.False(host.Services.GetRequiredService<IOptions<TwilioOptions>>().Value.Enabled);
        var answer = await host.Services.GetRequiredService<IInboundPipeline>().HandleAsync(new InboundMessage(
            "sim", "defaults-1", "sim:defaults", "انضم", InboundKind.Text, ChannelTraits.Simulator, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.NotEmpty(answer.Replies);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);

        await host.StopAsync();
    }
}

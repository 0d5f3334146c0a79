using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Hosting;
using OutreachBot.Flows.Engine;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>appsettings.example.json binds to the options and passes their validation, so the documented example works.</summary>
public sealed class ExampleSettingsTests
{
    [Fact]
    public void TheExampleSettingsBindAndValidate()
    {
        var example = Path.Combine(FindRepoRoot(), "appsettings.example.json");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJsonFile(example, optional: false);
        builder.AddOutreachBot();
        using var host = builder.Build(); // not started: the example names real providers, which tests never call

        var telegram = host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        var twilio = host.Services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        var delivery = host.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        Assert.True(telegram.Enabled);
        Assert.True(twilio.SmsEnabled && twilio.WhatsAppEnabled);
        Assert.Equal("Africa/Cairo", delivery.QuietHours.TimeZone);
        Assert.Equal(4, delivery.EffectiveRetrySchedule.Count);
        Assert.Equal("data/outreach.db", host.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
        Assert.Equal(TimeSpan.FromDays(3), host.Services.GetRequiredService<IOptions<EngineOptions>>().Value.SessionIdleTimeout);
        Assert.Equal(TimeSpan.FromDays(180), host.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Retention);
        var inbound = host.Services.GetRequiredService<IOptions<InboundOptions>>().Value;
        Assert.Equal((1000, 600, TimeSpan.FromSeconds(10)), (inbound.MaxPending, inbound.RateLimit, inbound.RateWindow));
        var metrics = host.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        Assert.Equal(["127.0.0.1", "10.0.0.0/8"], metrics.AllowedNetworks);
        Assert.False(string.IsNullOrEmpty(metrics.BearerToken));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OutreachBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("OutreachBot.sln not found above " + AppContext.BaseDirectory);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>DeliveryOptionsTests: section "Delivery" binds over the defaults and bad values stop the start naming the setting.</summary>
public sealed class DeliveryOptionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static DeliveryOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddDelivery(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider().GetRequiredService<IOptions<DeliveryOptions>>().Value;
    }

    [Fact]
    public void ConfiguredRateKeepsTheChannelsOtherDefaults()
    {
        var options = Bind(new() { ["Delivery:Channels:sms:Rate"] = "1", ["Delivery:Channels:shortcode:Rate"] = "100" });

        Assert.Equal(1, options.RatesFor("sms").Rate);
        Assert.True(options.RatesFor("sms").CountSmsSegments);
        Assert.Equal(100, options.RatesFor("shortcode").Rate);
        Assert.Equal(30, options.RatesFor("Telegram").Rate);
        Assert.Equal(1, options.RatesFor("telegram").PerRecipientRate);
    }

    [Fact]
    public void ConfiguredRetryScheduleAndQuietHoursReplaceTheDefaults()
    {
        var options = Bind(new()
        {
            ["Delivery:RetrySchedule:0"] = "00:00:10",
            ["Delivery:RetrySchedule:1"] = "00:05:00",
            ["Delivery:QuietHours:Start"] = "21:30",
            ["Delivery:QuietHours:Channels:0"] = "sms",
        });

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)], options.EffectiveRetrySchedule);
        Assert.Equal(new TimeOnly(21, 30), options.QuietHours.Start);
        Assert.Equal(["sms"], options.QuietHours.EffectiveChannels);
    }

    [Theory]
    [InlineData("Delivery:LeaseTime", "00:00:10", "Delivery:LeaseTime")]
    [InlineData("Delivery:Channels:sms:Rate", "0", "Delivery:Channels:sms:Rate")]
    [InlineData("Delivery:QuietHours:TimeZone", "Mars/Olympus", "Delivery:QuietHours:TimeZone")]
    [InlineData("Delivery:BulkBacklogLimit", "0", "Delivery:BulkBacklogLimit")]
    public void AnInvalidDeliverySettingFailsTheStartNamingIt(string key, string value, string named)
    {
        using var host = new BotHostFactory(_folder.File("v.db"));
        host.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(named, error.ToString());
    }
}

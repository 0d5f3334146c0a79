using Microsoft.Extensions.Options;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramOptionsValidatorTests: which Telegram settings start the service and which stop it with a named setting.</summary>
public sealed class TelegramOptionsValidatorTests
{
    private static readonly TelegramOptionsValidator Validator = new();

    private static TelegramOptions Valid(TelegramMode mode = TelegramMode.Polling) => new()
    {
        BotToken = FakeTelegramServer.Token,
        Mode = mode,
        WebhookUrl = "https://bot.example.org/webhooks/telegram",
        WebhookSecret = "s3cret_Value-1-webhook",
    };

    [Fact]
    public void NoTokenMeansTheChannelIsOffAndNothingElseIsChecked()
    {
        var options = new TelegramOptions { BotToken = " ", Mode = TelegramMode.Webhook, ApiBaseUrl = "nonsense" };

        Assert.False(options.Enabled);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(TelegramMode.Polling)]
    [InlineData(TelegramMode.Webhook)]
    public void CompleteSettingsAreValid(TelegramMode mode) => Assert.True(Validator.Validate(null, Valid(mode)).Succeeded);

    [Theory]
    [InlineData("AAHfakeTOKENfakeTOKENfakeTOKEN_abc-x")]
    [InlineData("bot123456789:AAHfakeTOKENfakeTOKENfakeTOKEN_abc-x")]
    [InlineData("123456789:short")]
    [InlineData("123456789:AAHfake TOKENfakeTOKENfakeTOKEN_abc")]
    public void MalformedTokensAreNamedButNotEchoed(string token)
    {
        var options = Valid();
        options.BotToken = token;

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Telegram:BotToken", result.FailureMessage);
        Assert.DoesNotContain(token, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://bot.example.org/webhooks/telegram", "s3cret_Value-1-webhook", "Telegram:WebhookUrl")]
    [InlineData(null, "s3cret_Value-1-webhook", "Telegram:WebhookUrl")]
    [InlineData("https://bot.example.org/webhooks/telegram", null, "Telegram:WebhookSecret")]
    [InlineData("https://bot.example.org/webhooks/telegram", "has space", "Telegram:WebhookSecret")]
    public void WebhookModeNeedsAnHttpsUrlAndAWellFormedSecret(string? url, string? secret, string setting)
    {
        var options = Valid(TelegramMode.Webhook);
        options.WebhookUrl = url;
        options.WebhookSecret = secret;

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(8, false)]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(64, true)]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void AWebhookSecretNeedsSixteenTo256Characters(int length, bool valid)
    {
        var options = Valid(TelegramMode.Webhook);
        options.WebhookSecret = string.Concat(Enumerable.Repeat("aB3_-", 60))[..length];

        var result = Validator.Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Telegram:WebhookSecret", result.FailureMessage);
            Assert.Contains("16-256", result.FailureMessage);
            if (length >= 8) Assert.DoesNotContain(options.WebhookSecret, result.FailureMessage); // a shorter one may occur in any text
        }
    }

    [Fact]
    public void AWebhookSecretWithATrailingNewLineIsRefused()
    {
        var options = Valid(TelegramMode.Webhook);
        options.WebhookSecret = "s3cret_Value-1-webhook\n";

        Assert.Contains("Telegram:WebhookSecret", Validator.Validate(null, options).FailureMessage);
    }

    [Fact]
    public async Task AShortWebhookSecretStopsTheStartNamingTheSettingWithoutEchoingIt()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        using var data = new TempFolder();
        var settings = TelegramTestHost.Settings(fake, mode: "Webhook");
        settings["Telegram:WebhookSecret"] = "short_secret-15";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TelegramTestHost.StartAsync(settings, data.Path, TimeProvider.System));

        Assert.Contains("Telegram:WebhookSecret", error.Message);
        Assert.DoesNotContain("short_secret-15", error.Message);
        Assert.Empty(fake.Requests); // no setWebhook with the weak secret
    }

    [Fact]
    public void PollingModeDoesNotNeedWebhookSettings()
    {
        var options = Valid();
        options.WebhookUrl = null;
        options.WebhookSecret = null;

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void ApiBaseUrlMustBeAbsolute()
    {
        var options = Valid();
        options.ApiBaseUrl = "api.telegram.org";

        Assert.Contains("Telegram:ApiBaseUrl", Validator.Validate(null, options).FailureMessage);
    }
}

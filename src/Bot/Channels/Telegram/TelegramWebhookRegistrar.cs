using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramWebhookRegistrar: in Webhook mode, registers our URL, secret and update types with setWebhook at start, retrying until it succeeds.</summary>
/// <remarks>Runs in the background so an unreachable Bot API does not stop the rest of the service from starting.</remarks>
internal sealed class TelegramWebhookRegistrar(
    IOptions<TelegramOptions> options,
    IServiceProvider services,
    TimeProvider time,
    ILogger<TelegramWebhookRegistrar> logger) : BackgroundService
{
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Mode != TelegramMode.Webhook) return;
        var client = services.GetRequiredService<ITelegramBotClient>();

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await client.SetWebhook(settings.WebhookUrl!, allowedUpdates: AllowedUpdates,
                    dropPendingUpdates: false, secretToken: settings.WebhookSecret, cancellationToken: stoppingToken);
                logger.LogInformation("Telegram webhook registered");
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var wait = TelegramPoller.Backoff(attempt);
                logger.LogWarning("setWebhook failed ({Error}); retrying in {Seconds}s", TelegramRedaction.Describe(ex), wait.TotalSeconds);
                try { await Task.Delay(wait, time, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}

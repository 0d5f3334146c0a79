using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using OutreachBot.Bot.Hosting;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramPoller: our own getUpdates loop; the offset moves past an update only after the pipeline made it durable.</summary>
/// <remarks>
/// The library's ReceiveAsync confirms updates (advances the offset) before its handler runs, so a crash loses them. Here:
/// fetch → hand each update to the pipeline → persist offset = id + 1. A crash between the pipeline and the offset write
/// re-fetches that update after restart, and the pipeline's dedupe (on the chat and message id) drops it.
/// Only an update that cannot be parsed is skipped (the parser's poison). When storing fails (a full disk, a stopped or
/// busy store) the offset stays and the same update is tried again, with a backoff capped at a minute, for as long as
/// it takes: Telegram keeps it meanwhile, so nothing is lost. The poller waits for a place in the <see cref="InboundGate"/>.
/// </remarks>
internal sealed class TelegramPoller(
    IOptions<TelegramOptions> options,
    IServiceProvider services,
    TimeProvider time,
    ILogger<TelegramPoller> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    private static readonly string[] AllowedUpdates = ["message", "callback_query"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Mode != TelegramMode.Polling) return;
        // Two pollers of one bot would take each other's updates (Telegram answers 409): one instance polls at a time.
        await ExclusiveRun.RunAsync(services.GetRequiredService<IExclusiveRoles>(), "telegram-polling", time, logger, PollAsync, stoppingToken);
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;

        // Resolved here, not in the constructor, so a host without the channel never builds a client.
        var client = services.GetRequiredService<ITelegramBotClient>();
        var handler = services.GetRequiredService<TelegramInboundHandler>();
        var offsets = services.GetRequiredService<TelegramOffsetStore>();
        var gate = services.GetService<InboundGate>();

        var offset = await offsets.LoadAsync();
        logger.LogInformation("Telegram polling starts at offset {Offset}", offset?.ToString() ?? "(first)");
        var failures = 0;
        (int Id, int Attempts) failing = (0, 0);

        while (!stoppingToken.IsCancellationRequested)
        {
            JsonElement[] updates;
            try
            {
                updates = await client.SendRequest(new RawGetUpdatesRequest
                {
                    Offset = offset,
                    Limit = settings.PollLimit,
                    Timeout = settings.PollTimeoutSeconds,
                    AllowedUpdates = AllowedUpdates,
                }, stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1));
                logger.LogWarning("getUpdates throttled; waiting {Seconds}s as Telegram asked", wait.TotalSeconds);
                if (!await WaitAsync(wait, stoppingToken)) return;
                continue;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 409)
            {
                // A webhook is still registered (e.g. the service was switched from Webhook mode): getUpdates is refused until it is removed.
                logger.LogWarning("getUpdates refused while a webhook is set; deleting the webhook (pending updates kept)");
                await TryDeleteWebhookAsync(client, stoppingToken);
                if (!await WaitAsync(Backoff(++failures), stoppingToken)) return;
                continue;
            }
            catch (Exception ex)
            {
                var wait = Backoff(++failures);
                logger.LogWarning("getUpdates failed ({Error}); retrying in {Seconds}s", TelegramRedaction.Describe(ex), wait.TotalSeconds);
                if (!await WaitAsync(wait, stoppingToken)) return;
                continue;
            }

            var before = offset;
            var retrying = false;
            foreach (var raw in updates)
            {
                int id;
                try
                {
                    using (gate is null ? null : await gate.EnterAsync(stoppingToken))
                        id = await handler.HandleAsync(raw, stoppingToken);
                    if (id == TelegramUpdateParser.UnknownUpdateId) continue;
                    offset = id + 1;
                    await offsets.SaveAsync(offset.Value);
                    failing = (0, 0);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    if (!await OnStoreFailureAsync(raw, ex)) return;
                    retrying = true;
                    break; // fetch again from the stored offset
                }
            }
            // Only updates without an update_id came back: nothing can confirm them, so do not spin on them.
            if (!retrying && updates.Length > 0 && offset == before && !await WaitAsync(Backoff(++failures), stoppingToken)) return;
        }

        async Task<bool> OnStoreFailureAsync(JsonElement raw, Exception ex)
        {
            var id = raw.TryGetProperty("update_id", out var v) && v.TryGetInt32(out var i) ? i : TelegramUpdateParser.UnknownUpdateId;
            failing = failing.Id == id ? (id, failing.Attempts + 1) : (id, 1);
            var wait = Backoff(failing.Attempts);
            logger.LogError("Storing Telegram update {UpdateId} failed (attempt {Attempts}: {Error}); the offset stays, retrying in {Seconds}s",
                id, failing.Attempts, TelegramRedaction.Describe(ex), wait.TotalSeconds);
            return await WaitAsync(wait, stoppingToken);
        }
    }

    private async Task TryDeleteWebhookAsync(ITelegramBotClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("deleteWebhook failed: {Error}", TelegramRedaction.Describe(ex));
        }
    }

    /// <summary>Backoff: 1 s, 2 s, 4 s, ... up to a minute.</summary>
    internal static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Clamp(failures - 1, 0, 10))));

    /// <summary>WaitAsync waits on the injected clock; false when stopping.</summary>
    private async Task<bool> WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Pipeline;
using Telegram.Bot;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramInboundHandler: one update, from raw JSON to durable (or knowingly skipped); shared by polling and webhook.</summary>
internal sealed class TelegramInboundHandler(
    TelegramUpdateParser parser,
    IInboundPipeline pipeline,
    ITelegramBotClient client,
    ILogger<TelegramInboundHandler> logger)
{
    /// <summary>HandleAsync returns the update id once the update is stored or skipped; it throws only when storing failed (the caller retries).</summary>
    public async Task<int> HandleAsync(JsonElement raw, CancellationToken cancellationToken)
    {
        var parsed = parser.Parse(raw);
        switch (parsed)
        {
            case TelegramParsed.Poison poison:
                logger.LogWarning("Skipping Telegram update {UpdateId}: {Reason}", poison.UpdateId, poison.Reason);
                return poison.UpdateId;
            case TelegramParsed.Ignored ignored:
                logger.LogDebug("Ignoring Telegram update {UpdateId} ({Reason})", ignored.UpdateId, ignored.Reason);
                return ignored.UpdateId;
        }

        var inbound = (TelegramParsed.Inbound)parsed;
        var result = await pipeline.HandleAsync(inbound.Message, cancellationToken);
        logger.LogDebug("Telegram update {UpdateId} stored ({Kind}, duplicate: {Duplicate})",
            inbound.UpdateId, inbound.Message.Kind, result.Duplicate);

        if (inbound.CallbackQueryId is { } queryId) await AnswerCallbackAsync(queryId, cancellationToken);
        return inbound.UpdateId;
    }

    /// <summary>AnswerCallbackAsync stops the button's spinner; a failure here must not make us handle the update again.</summary>
    private async Task AnswerCallbackAsync(string queryId, CancellationToken cancellationToken)
    {
        try
        {
            await client.AnswerCallbackQuery(queryId, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("answerCallbackQuery failed: {Error}", TelegramRedaction.Describe(ex));
        }
    }
}

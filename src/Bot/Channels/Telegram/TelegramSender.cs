using System.Globalization;
using Microsoft.Extensions.Options;
using OutreachBot.Storage.Documents;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramSender: the Telegram channel's <see cref="IChannelSender"/>: sendMessage with a reply keyboard, long texts in parts.</summary>
/// <remarks>
/// Texts go without parse mode, so nothing needs escaping and nothing a person wrote can turn into markup.
/// The keyboard rides on the last part, with the question it belongs to. If a later part fails, the engine retries the
/// whole message and the earlier parts arrive twice; Telegram offers no idempotency key to prevent that.
/// </remarks>
internal sealed class TelegramSender(
    IServiceProvider services,
    IOptions<TelegramOptions> options,
    ILogger<TelegramSender> logger) : IChannelSender
{
    public string Channel => TelegramUpdateParser.Channel;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!TryChatId(message.Urn, out var chatId))
            return new SendResult.PermanentFailure("bad_urn", "not a telegram:{chat id} URN", FlagUrn: true);
        // Telegram refuses an empty text; and a long blank one would split into no parts at all, so nothing would be sent.
        if (string.IsNullOrWhiteSpace(message.Text))
            return new SendResult.PermanentFailure("empty_text", "the text is empty or only whitespace: nothing to send");

        // Off (no token): the message waits in the outbox until the channel is configured.
        if (!options.Value.Enabled) return new SendResult.TransientFailure("telegram channel is off (no Telegram:BotToken)");

        var client = services.GetRequiredService<ITelegramBotClient>();
        var parts = TelegramTextSplitter.Split(message.Text);
        var markup = TelegramKeyboards.For(message);
        string? providerId = null;
        for (var i = 0; i < parts.Count; i++)
        {
            try
            {
                var sent = await client.SendMessage(chatId, parts[i], ParseMode.None,
                    replyMarkup: i == parts.Count - 1 ? markup : null, cancellationToken: cancellationToken);
                providerId = sent.Id.ToString(CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var result = TelegramErrorMapper.Map(ex);
                logger.LogInformation("Telegram send of outbox {OutboxId} part {Part}/{Parts} failed: {Result}",
                    message.Id, i + 1, parts.Count, result.GetType().Name);
                return result;
            }
        }
        // The last part's id: it carries the keyboard, and replies quoting it reach the person's latest message.
        return new SendResult.Sent(providerId!);
    }

    private static bool TryChatId(string urn, out long chatId)
    {
        chatId = 0;
        const string prefix = "telegram:";
        return urn.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(urn.AsSpan(prefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId)
            && chatId != 0;
    }
}

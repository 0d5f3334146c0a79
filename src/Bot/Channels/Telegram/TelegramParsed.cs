namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramParsed: what one Telegram update turned into; every update is consumed, only <see cref="Inbound"/> reaches the pipeline.</summary>
internal abstract record TelegramParsed(int UpdateId)
{
    /// <summary>Inbound: a message for the pipeline; <paramref name="CallbackQueryId"/> is answered once it is stored.</summary>
    public sealed record Inbound(int UpdateId, InboundMessage Message, string? CallbackQueryId) : TelegramParsed(UpdateId);

    /// <summary>Ignored: a well-formed update we do not act on (edited message, channel post, ...).</summary>
    public sealed record Ignored(int UpdateId, string Reason) : TelegramParsed(UpdateId);

    /// <summary>Poison: an update we cannot understand; logged and skipped so it never blocks later updates.</summary>
    public sealed record Poison(int UpdateId, string Reason) : TelegramParsed(UpdateId);
}

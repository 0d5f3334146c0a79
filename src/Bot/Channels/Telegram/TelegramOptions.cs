namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramOptions: configuration section "Telegram"; with no <see cref="BotToken"/> the channel is off.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>Bot token from BotFather (secret: it is part of every Bot API URL). Empty: the channel is off.</summary>
    public string? BotToken { get; set; }

    /// <summary>Bot API server; Telegram's by default, or a local Bot API server or a test fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Public HTTPS URL Telegram posts updates to (Webhook mode), ending in /webhooks/telegram.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token (16–256 of A–Z, a–z, 0–9, _ and -).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Telegram user ids of staff members.</summary>
    public List<long> StaffUserIds { get; set; } = [];

    /// <summary>Long-poll timeout passed to getUpdates, in seconds.</summary>
    public int PollTimeoutSeconds { get; set; } = 25;

    /// <summary>Most updates asked for per getUpdates call (Telegram allows 1–100).</summary>
    public int PollLimit { get; set; } = 100;

    /// <summary>Largest webhook body accepted, in bytes; larger ones get 413.</summary>
    public long MaxWebhookBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Enabled: a token is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>IsStaff: whether the Telegram user id belongs to staff.</summary>
    public bool IsStaff(long userId) => StaffUserIds.Contains(userId);
}

/// <summary>TelegramMode: how updates reach us.</summary>
public enum TelegramMode
{
    /// <summary>Our own getUpdates loop (works behind NAT, no public URL needed).</summary>
    Polling = 0,
    /// <summary>Telegram posts each update to <see cref="TelegramOptions.WebhookUrl"/>.</summary>
    Webhook = 1,
}

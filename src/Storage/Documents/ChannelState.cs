namespace OutreachBot.Storage.Documents;

/// <summary>ChannelState: small durable values a channel keeps, such as Telegram's update offset.</summary>
internal sealed class ChannelState
{
    /// <summary>Key, e.g. "telegram.offset".</summary>
    public string Id { get; set; } = "";
    public string Value { get; set; } = "";
}

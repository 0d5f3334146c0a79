namespace OutreachBot.Storage.Documents;

/// <summary>InboundLogEntry: every inbound message, keyed by "channel:providerId" so a redelivery is handled once.</summary>
public sealed class InboundLogEntry
{
    /// <summary>"{channel}:{providerId}"; unique.</summary>
    public string Id { get; set; } = "";
    public string Channel { get; set; } = "";
    public string ProviderId { get; set; } = "";
    public long ContactId { get; set; }
    public string Urn { get; set; } = "";
    public string Text { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }

    public static string KeyOf(string channel, string providerId) => channel + ":" + providerId;
}

namespace OutreachBot.Storage;

/// <summary>StorageOptions: where and how the LiteDB file is kept (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    /// <summary>Path of the LiteDB file; its folder is created when missing.</summary>
    public string Path { get; set; } = "data/outreach.db";

    /// <summary>Most write requests committed in one transaction (group commit).</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>How long inbound messages and the texts of sent messages are kept; older ones are pruned in the background.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(180);

    /// <summary>The shortest retention allowed: redeliveries (a day at most, from Telegram) must still find their dedupe key.</summary>
    public static readonly TimeSpan MinRetention = TimeSpan.FromDays(7);
}

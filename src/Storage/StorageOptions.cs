namespace OutreachBot.Storage;

/// <summary>StorageOptions: where and how the LiteDB file is kept (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    /// <summary>Path of the LiteDB file; its folder is created when missing.</summary>
    public string Path { get; set; } = "data/outreach.db";

    /// <summary>Most write requests committed in one transaction (group commit).</summary>
    public int MaxBatch { get; set; } = 256;
}

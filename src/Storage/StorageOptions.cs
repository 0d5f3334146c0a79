namespace OutreachBot.Storage;

/// <summary>StorageOptions: which store keeps the data, and how (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    /// <summary>The embedded LiteDB file (one process), or a PostgreSQL database that several instances share (<c>ConnectionStrings:Outreach</c>).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.LiteDb;

    /// <summary>Path of the LiteDB file; its folder is created when missing.</summary>
    public string Path { get; set; } = "data/outreach.db";

    /// <summary>PostgreSQL connections one instance opens at most, unless the connection string sets Maximum Pool Size.</summary>
    /// <remarks>Messages beyond it wait for a connection; several instances together must stay under the server's max_connections.</remarks>
    public int MaxConnections { get; set; } = 32;

    /// <summary>Most write requests committed in one transaction (group commit).</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>How long inbound messages and the texts of sent messages are kept; older ones are pruned in the background.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(180);

    /// <summary>The shortest retention allowed: redeliveries (a day at most, from Telegram) must still find their dedupe key.</summary>
    public static readonly TimeSpan MinRetention = TimeSpan.FromDays(7);
}

/// <summary>StorageProvider: the stores the service can run on.</summary>
public enum StorageProvider
{
    LiteDb,
    PostgreSql,
}

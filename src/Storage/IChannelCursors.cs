namespace OutreachBot.Storage;

/// <summary>IChannelCursors: durable positions a channel or a background job resumes from, such as Telegram's update offset.</summary>
public interface IChannelCursors
{
    /// <summary>GetAsync returns the position of <paramref name="cursor"/>, or null before it was first saved.</summary>
    Task<long?> GetAsync(ChannelCursor cursor);

    /// <summary>SaveAsync completes once the position is durable.</summary>
    Task SaveAsync(ChannelCursor cursor, long position);
}

/// <summary>ChannelCursor: the cursors the service keeps; each is one typed row, not a string key in a bag.</summary>
public enum ChannelCursor
{
    /// <summary>The next getUpdates offset.</summary>
    TelegramOffset = 1,
    /// <summary>The highest outbox id whose text retention has looked at.</summary>
    RetentionOutbox = 2,
}

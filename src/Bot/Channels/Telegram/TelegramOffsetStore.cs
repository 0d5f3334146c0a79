using OutreachBot.Storage;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramOffsetStore: the next getUpdates offset, kept as the cursor <see cref="ChannelCursor.TelegramOffset"/> so a restart resumes exactly there.</summary>
internal sealed class TelegramOffsetStore(IChannelCursors cursors)
{
    /// <summary>LoadAsync returns the stored offset, or null before the first update was handled.</summary>
    public async Task<int?> LoadAsync() =>
        await cursors.GetAsync(ChannelCursor.TelegramOffset).ConfigureAwait(false) is { } offset and >= int.MinValue and <= int.MaxValue
            ? (int)offset
            : null;

    /// <summary>SaveAsync completes once the offset is durable.</summary>
    public Task SaveAsync(int offset) => cursors.SaveAsync(ChannelCursor.TelegramOffset, offset);
}

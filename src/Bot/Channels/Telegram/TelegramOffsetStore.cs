using System.Globalization;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramOffsetStore: the next getUpdates offset, kept as ChannelState "telegram.offset" so a restart resumes exactly there.</summary>
/// <remarks>Reads go through the storage thread too: LiteDB may not be read from other threads.</remarks>
internal sealed class TelegramOffsetStore(StorageWriter writer)
{
    public const string Key = "telegram.offset";

    /// <summary>LoadAsync returns the stored offset, or null before the first update was handled.</summary>
    public async Task<int?> LoadAsync()
    {
        var state = await writer.ReadAsync(s => s.ChannelStates.FindById(Key));
        return state is not null && int.TryParse(state.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : null;
    }

    /// <summary>SaveAsync completes once the offset is durable.</summary>
    public Task SaveAsync(int offset) =>
        writer.WriteAsync(s => s.ChannelStates.Upsert(new ChannelState { Id = Key, Value = offset.ToString(CultureInfo.InvariantCulture) }));
}

using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Pipeline;

/// <summary>ContactIdAllocator hands out contact ids before the first flow step, so a reply can already name the volunteer number.</summary>
/// <remarks>One process owns the LiteDB file, so a counter seeded from the highest stored id is enough.</remarks>
public sealed class ContactIdAllocator(ContactRepository contacts)
{
    private readonly Lazy<Task<long[]>> _last = new(async () => [await contacts.MaxIdAsync().ConfigureAwait(false)]);

    /// <summary>NextAsync returns a fresh contact id.</summary>
    public async Task<long> NextAsync()
    {
        var last = await _last.Value.ConfigureAwait(false);
        return Interlocked.Increment(ref last[0]);
    }
}

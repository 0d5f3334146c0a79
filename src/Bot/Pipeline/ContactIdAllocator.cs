using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Pipeline;

/// <summary>ContactIdAllocator hands out contact ids before the first flow step, so a reply can already name the volunteer number.</summary>
/// <remarks>One process owns the LiteDB file, so a counter seeded from the highest stored id is enough.</remarks>
public sealed class ContactIdAllocator(ContactRepository contacts)
{
    private readonly Lazy<long[]> _last = new(() => [contacts.MaxId()]);

    /// <summary>Next returns a fresh contact id.</summary>
    public long Next() => Interlocked.Increment(ref _last.Value[0]);
}

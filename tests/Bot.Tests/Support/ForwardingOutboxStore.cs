using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>ForwardingOutboxStore passes everything to the real store; a test overrides <see cref="WriteAsync{T}"/> to watch or break writes.</summary>
public class ForwardingOutboxStore(IOutboxStore inner) : IOutboxStore
{
    public virtual Task<T> WriteAsync<T>(Func<IOutboxChanges, T> work) => inner.WriteAsync(work);
    public Task<IReadOnlyList<OutboxMessage>> QueuedAsync() => inner.QueuedAsync();
    public Task<Dictionary<OutboxStatus, int>> CountByStatusAsync(string groupId) => inner.CountByStatusAsync(groupId);
    public Task<DateTimeOffset?> WhatsAppWindowClosedAtAsync(string urn) => inner.WhatsAppWindowClosedAtAsync(urn);
    public Task<long> PossibleDuplicatesAsync() => inner.PossibleDuplicatesAsync();
    public bool SharedByInstances => inner.SharedByInstances;
    public IAsyncEnumerable<IReadOnlyList<OutboxMessage>> WatchQueuedAsync(CancellationToken cancellationToken) => inner.WatchQueuedAsync(cancellationToken);
}

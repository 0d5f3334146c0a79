using LiteDB;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteOutboxStore: the outbox on the embedded file; each write joins the storage thread's group commit.</summary>
internal sealed class LiteOutboxStore(StorageWriter writer) : IOutboxStore
{
    public Task<T> WriteAsync<T>(Func<IOutboxChanges, T> work) => writer.WriteAsync(store => work(new LiteOutboxChanges(store)));

    public Task<IReadOnlyList<OutboxMessage>> QueuedAsync() =>
        writer.ReadAsync<IReadOnlyList<OutboxMessage>>(store => store.Outbox.Find(m => m.Status == OutboxStatus.Queued).OrderBy(m => m.Id).ToList());

    public Task<Dictionary<OutboxStatus, int>> CountByStatusAsync(string groupId) =>
        writer.ReadAsync(store =>
        {
            var counts = new Dictionary<OutboxStatus, int>();
            foreach (var doc in store.Database.GetCollection("outbox").Find(Query.EQ(nameof(OutboxMessage.GroupId), groupId)))
            {
                // The mapper stores enums by name; only the status field is read, not whole documents.
                var status = Enum.Parse<OutboxStatus>(doc[nameof(OutboxMessage.Status)].AsString);
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }
            return counts;
        });

    public Task<DateTimeOffset?> WhatsAppWindowClosedAtAsync(string urn) => writer.ReadAsync(store => LiteOutboxChanges.WindowClosedAt(store, urn));

    public Task<long> PossibleDuplicatesAsync() => writer.ReadAsync(LiteOutboxChanges.PossibleDuplicates);

    /// <summary>SharedByInstances: never; one process holds the file.</summary>
    public bool SharedByInstances => false;

    public async IAsyncEnumerable<IReadOnlyList<OutboxMessage>> WatchQueuedAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }
}

using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bench.Ceiling;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bench.Pipeline.Stores;

/// <summary>LiteBenchStore: a new LiteDB file in a temp folder; its log is fsynced once per group commit.</summary>
public sealed class LiteBenchStore : IBenchStore
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreachbot-bench", Guid.NewGuid().ToString("N"));

    public LiteBenchStore()
    {
        Directory.CreateDirectory(_folder);
        Settings = new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(_folder, "bench.db") };
    }

    public string Description => "LiteDB file (log fsynced per group commit)";

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public bool SharedByInstances => false;

    public long ConversationCommits(IEnumerable<IServiceProvider> hosts) => hosts.Sum(h => h.GetRequiredService<StorageWriter>().Commits);

    public Task AfterWarmUpAsync() => Task.CompletedTask;

    public StorageThreadTimes? StorageThreadTimes(IServiceProvider services) => services.GetRequiredService<StorageWriter>().Times;

    public Task<StoredFigures> ReadAsync(IServiceProvider services) =>
        services.GetRequiredService<StorageWriter>().ReadAsync(s => new StoredFigures(
            s.Inbound.Count(), s.Contacts.Count(), s.Contacts.Count(c => c.VolunteerNumber != null), s.Outbox.Count(),
            s.Outbox.Count(m => m.Status >= OutboxStatus.Sent && m.Status < OutboxStatus.Undelivered),
            s.Outbox.Count(m => m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending),
            s.Outbox.Find(m => m.Recoveries > 0).Sum(m => (long)m.Recoveries),
            s.QuizAttempts.Count(a => a.FinishedAt != null)));

    public Task<long> UnsettledAsync(IServiceProvider services) =>
        services.GetRequiredService<StorageWriter>().ReadAsync(s => (long)s.Outbox.Count(m => m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending));

    public Task<string?> AfterStopAsync() => Task.FromResult<string?>(null);

    public Task<CeilingResult> CeilingAsync(CeilingSample sample, int prefill, int messages, int batch) =>
        Task.FromResult(LiteCeiling.Run(sample, prefill, messages, batch));

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

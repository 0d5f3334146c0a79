using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Storage;

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

    public async Task<string> ContentsAsync(IServiceProvider services)
    {
        var writer = services.GetRequiredService<StorageWriter>();
        var (inbound, registered, all) = await writer.ReadAsync(s => (s.Inbound.Count(), s.Contacts.Count(c => c.VolunteerNumber != null), s.Contacts.Count()));
        return $"group commits: {writer.Commits} durable commits for {inbound} stored inbound messages; " +
               $"registered volunteers: {registered} of {all} contacts";
    }

    public Task<string?> AfterStopAsync() => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

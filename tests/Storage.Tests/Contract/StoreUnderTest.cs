using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.LiteDb;
using OutreachBot.Storage.Postgres;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Contract;

/// <summary>StoreUnderTest: one store behind the interfaces, plus what a contract test needs to look at its rows directly.</summary>
public interface IStoreUnderTest : IAsyncDisposable
{
    IConversationStore Conversations { get; }

    IOutboxStore Outbox { get; }

    Results.IQuizResults Results { get; }

    /// <summary>ReopenAsync models a restart: the interfaces are built anew on what is stored.</summary>
    Task ReopenAsync();

    Task<List<OutboxMessage>> OutboxAsync();
    Task<List<(string Id, long ContactId)>> InboundAsync();
    Task<List<long>> ContactIdsAsync();
}

/// <summary>LiteStoreUnderTest: a LiteDB file in a temp folder.</summary>
public sealed class LiteStoreUnderTest : IStoreUnderTest
{
    private readonly TempDb _db = new();

    public LiteStoreUnderTest() => Open();

    public IConversationStore Conversations { get; private set; } = null!;
    public IOutboxStore Outbox { get; private set; } = null!;
    public Results.IQuizResults Results { get; private set; } = null!;

    private void Open()
    {
        Conversations = new LiteConversationStore(_db.Writer);
        Outbox = new LiteOutboxStore(_db.Writer);
        Results = new LiteQuizResults(_db.Writer);
    }

    public Task ReopenAsync()
    {
        _db.Reopen();
        Open();
        return Task.CompletedTask;
    }

    public Task<List<OutboxMessage>> OutboxAsync() => _db.Writer.ReadAsync(s => s.Outbox.FindAll().OrderBy(m => m.Id).ToList());
    public Task<List<(string, long)>> InboundAsync() => _db.Writer.ReadAsync(s => s.Inbound.FindAll().Select(e => (e.Id, e.ContactId)).OrderBy(e => e.Id).ToList());
    public Task<List<long>> ContactIdsAsync() => _db.Writer.ReadAsync(s => s.Contacts.FindAll().Select(c => c.Id).Order().ToList());

    public ValueTask DisposeAsync()
    {
        _db.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>PgStoreUnderTest: a fresh database on the shared test cluster, migrated as the service does at start.</summary>
public sealed class PgStoreUnderTest : IStoreUnderTest
{
    private readonly string _connectionString;
    private NpgsqlDataSource _data;

    private PgStoreUnderTest(string connectionString)
    {
        _connectionString = connectionString;
        _data = NpgsqlDataSource.Create(connectionString);
        (Conversations, Outbox, Results) = Stores(_data);
    }

    /// <summary>Stores: the stores of one instance, wired as the service wires them (sharing its copies of recent conversations).</summary>
    private static (IConversationStore, IOutboxStore, Results.IQuizResults) Stores(NpgsqlDataSource data)
    {
        var recent = new PgRecentConversations();
        return (new PgConversationStore(data, recent), new PgOutboxStore(data, null, recent), new PgQuizResults(data));
    }

    public static async Task<PgStoreUnderTest> CreateAsync()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(connectionString, NullLogger.Instance);
        return new PgStoreUnderTest(connectionString);
    }

    public IConversationStore Conversations { get; private set; }
    public IOutboxStore Outbox { get; private set; }
    public Results.IQuizResults Results { get; private set; }

    public async Task ReopenAsync()
    {
        await _data.DisposeAsync();
        _data = NpgsqlDataSource.Create(_connectionString);
        (Conversations, Outbox, Results) = Stores(_data);
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        var rows = new List<OutboxMessage>();
        await using var command = _data.CreateCommand($"SELECT {PgOutboxRows.Columns} FROM outbox ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(PgOutboxRows.Read(reader));
        return rows;
    }

    public async Task<List<(string, long)>> InboundAsync()
    {
        var rows = new List<(string, long)>();
        await using var command = _data.CreateCommand("SELECT channel || ':' || provider_id, contact_id FROM inbound");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetInt64(1)));
        return [.. rows.OrderBy(r => r.Item1, StringComparer.Ordinal)];
    }

    public async Task<List<long>> ContactIdsAsync()
    {
        var ids = new List<long>();
        await using var command = _data.CreateCommand("SELECT id FROM contacts ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    public ValueTask DisposeAsync() => _data.DisposeAsync();
}

using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.LiteDb;
using OutreachBot.Storage.Postgres;
using OutreachBot.Storage.Repositories;
using OutreachBot.Storage.Tests.Support;
using OutreachBot.TestSupport;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>StoreCopyTests: an embedded installation copied to PostgreSQL answers every store question as the file did, and a copy never mixes with rows already there.</summary>
public sealed class StoreCopyTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private string FilePath => _folder.File("outreach.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AMessageWithNulCharactersIsCopiedWithThemKeptAsTheNulSymbol()
    {
        using (var store = new LiteStore(FilePath))
        using (var writer = new StorageWriter(store, new StorageOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<StorageWriter>.Instance))
        {
            var conversations = new LiteConversationStore(writer);
            var id = await conversations.NextContactIdAsync();
            await conversations.WriteAsync(new ConversationWrite
            {
                Inbound = new InboundLogEntry { Id = "sim:a\0b", Channel = "sim", ProviderId = "a\0b", Urn = "sim:nul", Text = "x\0y", Kind = "Text", ReceivedAt = EmbeddedInstallation.T0 },
                Contact = new Flows.Model.Contact { Id = id, Urns = ["sim:nul"], Name = "n\0m" },
                Session = new Flows.Model.Session { ContactId = id },
                Outbox = [new OutboxMessage { Channel = "sim", Urn = "sim:nul", Text = "r\0s", Choices = ["c\0"], Status = OutboxStatus.Queued }],
            });
        }
        var target = await SharedPostgres.CreateDatabaseAsync();

        var result = await StoreCopy.CopyAsync(FilePath, target, NullLogger.Instance);

        Assert.True(result.Verified);
        await using var data = NpgsqlDataSource.Create(target);
        Assert.Equal("n\u2400m", (await new PgConversationStore(data).LoadAsync("sim:nul")).Contact!.Name);
        Assert.Equal("r\u2400s", Assert.Single(await new PgOutboxStore(data).QueuedAsync()).Text);
    }

    [Fact]
    public async Task ACopiedInstallationGivesTheSameAnswersOnPostgreSql()
    {
        await EmbeddedInstallation.WriteAsync(FilePath);
        var expected = await AnswersOfFileAsync();
        var target = await SharedPostgres.CreateDatabaseAsync();

        var result = await StoreCopy.CopyAsync(FilePath, target, NullLogger.Instance);

        Assert.True(result.Verified);
        Assert.Equal(
            ["contacts 3", "urns 4", "sessions 3", "inbound 5", "outbox 5", "cursors 1", "counters 1", "early_reports 1", "whatsapp_window_closures 1", "quiz_attempts 1"],
            result.Tables.Select(t => $"{t.Table} {t.InTarget}"));
        await using var data = NpgsqlDataSource.Create(target);
        var actual = await AnswersAsync(new PgConversationStore(data), new PgOutboxStore(data), new PgChannelCursors(data), new PgInboundLog(data), new PgQuizResults(data));
        Assert.Equal(expected, actual);

        // New rows follow the copied ones: the merged-away id 4 is never handed out again, nor an outbox id.
        Assert.Equal(5, result.NextContactId);
        Assert.Equal(5, await new PgConversationStore(data).NextContactIdAsync());
        var outboxIds = (await ReadAsync(data, "SELECT id FROM outbox")).Select(long.Parse).ToList();
        var added = await new PgOutboxStore(data).WriteAsync(changes =>
        {
            var message = new OutboxMessage { ContactId = 3, Channel = "telegram", Urn = "telegram:77", Text = "new", CreatedAt = EmbeddedInstallation.T0, NextAttemptAt = EmbeddedInstallation.T0 };
            changes.Insert(message);
            return message.Id;
        });
        Assert.True(added > outboxIds.Max(), $"new outbox id {added} is not past the copied ones ({string.Join(", ", outboxIds)})");
    }

    [Fact]
    public async Task ACopiedDatabaseHasItsStatisticsSoTheFirstPlansSeeTheRows()
    {
        await EmbeddedInstallation.WriteAsync(FilePath);
        var target = await SharedPostgres.CreateDatabaseAsync();

        Assert.True((await StoreCopy.CopyAsync(FilePath, target, NullLogger.Instance)).Verified);

        // reltuples is -1 for a table never analysed; the shared cluster's autovacuum would take a minute or more.
        await using var data = NpgsqlDataSource.Create(target);
        Assert.Equal(["contacts 3", "inbound 5", "outbox 5", "urns 4"],
            await ReadAsync(data, "SELECT relname || ' ' || reltuples::bigint FROM pg_class WHERE relname IN ('contacts', 'urns', 'inbound', 'outbox') ORDER BY relname"));
    }

    [Fact]
    public async Task ATargetWithRowsIsRefusedAndLeftAsItWas()
    {
        await EmbeddedInstallation.WriteAsync(FilePath);
        var target = await SharedPostgres.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(target, NullLogger.Instance);
        await using var data = NpgsqlDataSource.Create(target);
        await new PgChannelCursors(data).SaveAsync(ChannelCursor.TelegramOffset, 42);

        var error = await Assert.ThrowsAsync<StoreCopyException>(() => StoreCopy.CopyAsync(FilePath, target, NullLogger.Instance));

        Assert.Contains("not empty", error.Message);
        Assert.Contains("cursors", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(["cursors TelegramOffset 42"], await ReadAsync(data, "SELECT 'cursors ' || name || ' ' || position FROM cursors"));
        foreach (var table in new[] { "contacts", "urns", "sessions", "inbound", "outbox", "counters", "early_reports", "whatsapp_window_closures" })
            Assert.Equal(["0"], await ReadAsync(data, $"SELECT count(*) FROM {table}"));
        Assert.Equal(1, await new PgConversationStore(data).NextContactIdAsync());
    }

    [Fact]
    public async Task AFileHeldByAnotherStoreIsNotCopiedAndTheTargetIsNotTouched()
    {
        await EmbeddedInstallation.WriteAsync(FilePath);
        using var running = new LiteStore(FilePath);
        var target = await SharedPostgres.CreateDatabaseAsync();

        var error = await Assert.ThrowsAsync<DataFileInUseException>(() => StoreCopy.CopyAsync(FilePath, target, NullLogger.Instance));

        Assert.Contains(Path.GetFullPath(FilePath), error.Message);
        Assert.Contains("process " + Environment.ProcessId, error.Message);
        await using var data = NpgsqlDataSource.Create(target);
        Assert.Equal(["0"], await ReadAsync(data, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task AnOlderValueThatCannotBeReadIsNamedAndNothingIsCopied()
    {
        await EmbeddedInstallation.WriteAsync(FilePath);
        // Written by an older version in its string-keyed form, and torn: opening the file cannot move it to its table.
        using (var store = new LiteStore(FilePath))
            store.ChannelStates.Upsert(new ChannelState { Id = "outbox.status.SM-torn", Value = "not a report" });
        var target = await SharedPostgres.CreateDatabaseAsync();

        var error = await Assert.ThrowsAsync<StoreCopyException>(() => StoreCopy.CopyAsync(FilePath, target, NullLogger.Instance));

        Assert.Contains("outbox.status.SM-torn", error.Message);
        await using var data = NpgsqlDataSource.Create(target);
        Assert.Equal(["0"], await ReadAsync(data, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'contacts'"));
    }

    [Fact]
    public async Task AMissingFileIsRefusedRatherThanCopiedAsAnEmptyOne()
    {
        var target = await SharedPostgres.CreateDatabaseAsync();

        var error = await Assert.ThrowsAsync<StoreCopyException>(() => StoreCopy.CopyAsync(FilePath, target, NullLogger.Instance));

        Assert.Contains("does not exist", error.Message);
        Assert.False(File.Exists(FilePath));
    }

    /// <summary>AnswersOfFileAsync asks the embedded stores every question the copy must answer alike.</summary>
    private async Task<List<string>> AnswersOfFileAsync()
    {
        using var store = new LiteStore(FilePath);
        using var writer = new StorageWriter(store, new StorageOptions(), NullLogger<StorageWriter>.Instance);
        return await AnswersAsync(new LiteConversationStore(writer), new LiteOutboxStore(writer), new LiteChannelCursors(writer), new InboundWindowRepository(writer), new LiteQuizResults(writer));
    }

    private static async Task<List<string>> AnswersAsync(IConversationStore conversations, IOutboxStore outbox, IChannelCursors cursors, IInboundLog inbound, Results.IQuizResults results)
    {
        var answers = new List<string>();
        answers.Add("quiz attempts " + Json(await results.AttemptsAsync("digital_safety", includeSimulated: true)));
        foreach (var urn in EmbeddedInstallation.Urns)
        {
            var snapshot = await conversations.LoadAsync(urn);
            answers.Add($"{urn}: {Json(snapshot.Contact)} {Json(snapshot.Session)}");
            answers.Add($"{urn} window closed at {await outbox.WhatsAppWindowClosedAtAsync(urn):O}");
            answers.Add($"{urn} last inbound {await inbound.LastInboundAtAsync(urn.Split(':')[0] is "tel" ? "sms" : urn.Split(':')[0], urn):O}");
        }
        answers.Add("phone owner " + Json((await conversations.FindPhoneOwnerAsync(EmbeddedInstallation.Number, 0))?.Contact.Id));
        answers.Add("queued " + Json(await outbox.QueuedAsync()));
        answers.Add("campaign " + Json((await outbox.CountByStatusAsync("campaign-1")).OrderBy(c => c.Key)));
        answers.Add("possible duplicates " + await outbox.PossibleDuplicatesAsync());
        var kept = await outbox.WriteAsync(changes => changes.KeptReports());
        answers.AddRange(kept.Select(k => $"kept report {k.ProviderId} {Json(k.Report)}"));
        answers.Add("sent " + Json(await outbox.WriteAsync(changes => changes.FindByProviderId("SM-out-2"))));
        foreach (var cursor in Enum.GetValues<ChannelCursor>()) answers.Add($"{cursor} {await cursors.GetAsync(cursor)}");
        return answers;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static async Task<List<string>> ReadAsync(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;
using OutreachBot.TestSupport;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>CopyStoreCommandTests: <c>copy-store</c> prints a verified count per table and exits 0, refuses a filled target in one line, and never prints the password.</summary>
public sealed class CopyStoreCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private string FilePath => _folder.File("outreach.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ItPrintsVerifiedCountsAndASecondRunOnTheFilledTargetIsRefusedInOneLine()
    {
        await SeedAsync(FilePath);
        var target = await SharedPostgres.CreateDatabaseAsync();
        var password = new NpgsqlConnectionStringBuilder(target).Password!;

        var (code, output, error) = await RunAsync("--from", FilePath, "--to", target);

        Assert.True(code == 0, error + output);
        Assert.Empty(error);
        Assert.Matches(@"contacts\s+read\s+1\s+written\s+1\s+in target\s+1", output);
        Assert.Matches(@"outbox\s+read\s+2\s+written\s+2\s+in target\s+2", output);
        Assert.Matches(@"inbound\s+read\s+1\s+written\s+1\s+in target\s+1", output);
        Assert.Contains("verified and committed; the next contact id is 8", output);
        Assert.DoesNotContain(password, output);

        var again = await RunAsync("--from", FilePath, "--to", target);
        Assert.Equal(ServiceExit.StartFailed, again.Code);
        Assert.Empty(again.Output);
        Assert.Matches(@"^copy-store: \S+ is not empty \(contacts, urns, sessions, inbound, outbox\b[^\n]*\n$", again.Error);
        Assert.DoesNotContain(password, again.Error);
    }

    [Fact]
    public async Task WithoutToItCopiesIntoConnectionStringsOutreach()
    {
        await SeedAsync(FilePath);
        var target = await SharedPostgres.CreateDatabaseAsync();

        var (code, output, error) = await RunAsync("--from", FilePath, "--ConnectionStrings:Outreach=" + target);

        Assert.True(code == 0, error + output);
        await using var data = NpgsqlDataSource.Create(target);
        await using var count = data.CreateCommand("SELECT count(*) FROM contacts");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AnOlderValueThatCannotBeReadExitsNonZeroNamingIt()
    {
        await SeedAsync(FilePath);
        using (var store = new LiteStore(FilePath))
            store.ChannelStates.Upsert(new ChannelState { Id = "twilio.window-closed.whatsapp:+201000000000", Value = "torn" });
        var target = await SharedPostgres.CreateDatabaseAsync();

        var (code, _, error) = await RunAsync("--from", FilePath, "--to", target);

        Assert.Equal(ServiceExit.StartFailed, code);
        Assert.Contains("twilio.window-closed.whatsapp:+201000000000", error);
    }

    [Fact]
    public async Task AFileARunningServiceHoldsIsRefusedNamingTheFile()
    {
        await SeedAsync(FilePath);
        using var running = new LiteStore(FilePath);

        var (code, output, error) = await RunAsync("--from", FilePath, "--to", await SharedPostgres.CreateDatabaseAsync());

        Assert.Equal(ServiceExit.StartFailed, code);
        Assert.Empty(output);
        Assert.Contains($"{Path.GetFullPath(FilePath)} is in use by process {Environment.ProcessId}", error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CopyStoreCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>SeedAsync writes one sign-up message and its two replies, as the service does, with contact ids given out up to 7.</summary>
    private static async Task SeedAsync(string path)
    {
        using var store = new LiteStore(path);
        using var writer = new StorageWriter(store, new StorageOptions(), NullLogger<StorageWriter>.Instance);
        var contact = new Contact { Id = 7, Urns = ["telegram:5"], Name = "Salma", CreatedAt = T0, LastSeenAt = T0 };
        await writer.WriteAsync(new ConversationWrite
        {
            Inbound = new InboundLogEntry { Id = "telegram:1", Channel = "telegram", ProviderId = "1", Urn = "telegram:5", Text = "/start", Kind = "Text", ReceivedAt = T0 },
            Contact = contact,
            Session = new Session { ContactId = 7, Flow = "signup", State = "Name", UpdatedAt = T0 },
            Outbox = [.. new[] { "أهلا", "ما اسمك؟" }.Select(text => new OutboxMessage
            {
                Channel = "telegram", Urn = "telegram:5", Text = text, Status = OutboxStatus.Queued, CreatedAt = T0, NextAttemptAt = T0, InReplyTo = "telegram:1",
            })],
        }.Apply);
    }
}

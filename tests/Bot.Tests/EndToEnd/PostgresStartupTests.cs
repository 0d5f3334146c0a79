using Npgsql;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.TestSupport;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>Starting on PostgreSQL as configured wrong: one line naming the setting and the server, never the password; and migrate.</summary>
public sealed class PostgresStartupTests : IDisposable
{
    private const string Secret = "Secret-Never-Printed-77";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Database=outreach;Username=outreach;Password=" + Secret + ";Timeout=3", "outreach@127.0.0.1:1/outreach")]
    [InlineData("Database=outreach;Password=" + Secret, "must name a Host")]
    [InlineData("not a connection string " + Secret, "not a valid PostgreSQL connection string")]
    public async Task AnUnusableConnectionStringStopsTheStartWithOneLineThatNamesTheSettingAndNotThePassword(string connectionString, string expected)
    {
        await using var service = BotProcess.Start(_folder.Path, "--Storage:Provider=PostgreSql",
            "--ConnectionStrings:Outreach=" + connectionString, "--Urls=http://127.0.0.1:0");

        Assert.Equal(ServiceExit.StartFailed, await service.ExitCodeAsync());
        Assert.Contains("ConnectionStrings:Outreach", service.Errors);
        Assert.Contains(expected, service.Errors);
        Assert.DoesNotContain(Secret, service.Errors + service.Output);
        Assert.DoesNotContain("   at ", service.Errors); // a sentence, not a stack trace
    }

    [Fact]
    public async Task MigrateAppliesTheSchemaOnceAndSaysSoTheSecondTime()
    {
        var database = await SharedPostgres.CreateDatabaseAsync();
        await using (var first = BotProcess.Start(_folder.Path, "migrate", "--Storage:Provider=PostgreSql", "--ConnectionStrings:Outreach=" + database))
        {
            Assert.Equal(0, await first.ExitCodeAsync());
            Assert.Contains("V001__initial.sql", first.Output);
        }
        await using var second = BotProcess.Start(_folder.Path, "migrate", "--Storage:Provider=PostgreSql", "--ConnectionStrings:Outreach=" + database);
        Assert.Equal(0, await second.ExitCodeAsync());
        Assert.Contains("up to date", second.Output);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(database).Password!, second.Output + second.Errors);
    }
}

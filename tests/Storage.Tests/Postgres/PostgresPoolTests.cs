using OutreachBot.Storage.Postgres;

namespace OutreachBot.Storage.Tests.Postgres;

/// <summary>The pool the service opens: Storage:MaxConnections and prepared statements, unless the connection string says otherwise.</summary>
public sealed class PostgresPoolTests
{
    private const string Plain = "Host=db;Database=outreach;Username=outreach;Password=secret";

    [Fact]
    public void AConnectionStringThatSaysNothingGetsTheConfiguredPoolSizeAndPreparedStatements()
    {
        var settings = PostgresPool.Settings(Plain, maxConnections: 12);
        Assert.Equal(12, settings.MaxPoolSize);
        Assert.Equal(PostgresPool.AutoPrepare, settings.MaxAutoPrepare);
        Assert.Contains("synchronous_commit=on", settings.Options, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Maximum Pool Size=5")]
    [InlineData("MaxPoolSize=5")]
    [InlineData("maximum pool size=5")]
    public void APoolSizeInTheConnectionStringWins(string clause)
    {
        Assert.Equal(5, PostgresPool.Settings(Plain + ";" + clause, maxConnections: 12).MaxPoolSize);
    }

    [Fact]
    public void AnAutoPrepareInTheConnectionStringWinsEvenWhenItTurnsPreparingOff()
    {
        Assert.Equal(0, PostgresPool.Settings(Plain + ";Max Auto Prepare=0", maxConnections: 12).MaxAutoPrepare);
    }

    [Fact]
    public void AValueNpgsqlCannotTakeIsNamedByItsKeyAndTheMessageNeverHoldsTheValue()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => PostgresPool.Settings(Plain + ";Port=secret-port", maxConnections: 12));
        Assert.Equal("ConnectionStrings:Outreach is not a valid PostgreSQL connection string (Couldn't set port).", error.Message);
    }

    [Fact]
    public void OptionsInTheConnectionStringAreKeptBesideSynchronousCommitAndThePoolsOrigin()
    {
        var settings = PostgresPool.Settings(Plain + ";Options=-c statement_timeout=5000", maxConnections: 12);
        Assert.Matches("^-c statement_timeout=5000 -c synchronous_commit=on -c outreach.origin=[0-9a-f]{32}$", settings.Options);
    }

    [Fact]
    public void EachPoolHasAnOriginOfItsOwn()
    {
        // The dispatcher skips announcements of its own origin: two instances with one origin would skip each other's rows.
        Assert.NotEqual(PostgresPool.Settings(Plain, 12).Options, PostgresPool.Settings(Plain, 12).Options);
    }
}

namespace OutreachBot.TestSupport;

/// <summary>SharedPostgres: one cluster per test process, started on first use and stopped when the process exits.</summary>
/// <remarks>
/// Each test takes its own database from it (<see cref="CreateDatabaseAsync"/>), so tests stay independent while paying
/// the cluster's start-up once. A test that stops the server starts a <see cref="PostgresCluster"/> of its own instead.
/// </remarks>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresCluster>> Cluster = new(StartAsync);

    private static async Task<PostgresCluster> StartAsync()
    {
        var cluster = await PostgresCluster.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }

    /// <summary>CreateDatabaseAsync returns a connection string to a new empty database on the shared cluster.</summary>
    public static async Task<string> CreateDatabaseAsync() => await (await Cluster.Value).CreateDatabaseAsync();
}

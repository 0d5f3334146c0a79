using OutreachBot.Storage;
using OutreachBot.Storage.Postgres;

namespace OutreachBot.Bot.Hosting;

/// <summary>MigrateCommand: <c>dotnet run --project src/Bot -- migrate</c> brings the PostgreSQL schema to this version and says what it ran.</summary>
/// <remarks>The service also migrates at start; this lets an operator do it first, e.g. before starting several instances.</remarks>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        var options = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        if (options.Provider != StorageProvider.PostgreSql)
        {
            await Console.Error.WriteLineAsync("migrate: Storage:Provider is LiteDb, whose file needs no migration; set Storage:Provider=PostgreSql and ConnectionStrings:Outreach.");
            return ServiceExit.StartFailed;
        }
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));
        try
        {
            var ran = await PostgresSchema.MigrateAsync(builder.Configuration.GetConnectionString("Outreach") ?? "", logger);
            Console.WriteLine(ran.Count == 0 ? "migrate: the schema is up to date" : $"migrate: ran {string.Join(", ", ran)}");
            return 0;
        }
        catch (StorageConfigurationException ex)
        {
            await Console.Error.WriteLineAsync("migrate: " + ex.Message);
            return ServiceExit.StartFailed;
        }
    }
}

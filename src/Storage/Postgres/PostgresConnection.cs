using Npgsql;

namespace OutreachBot.Storage.Postgres;

/// <summary>PostgresConnection: the checked connection string of <c>ConnectionStrings:Outreach</c>, and how to name it in a message.</summary>
public static class PostgresConnection
{
    public const string Setting = "ConnectionStrings:Outreach";

    /// <summary>Parse checks the text is a connection string; the error names the setting and never repeats the text (it holds the password).</summary>
    public static NpgsqlConnectionStringBuilder Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new StorageConfigurationException($"{Setting} must be set when Storage:Provider is PostgreSql, e.g. Host=db;Database=outreach;Username=outreach;Password=...");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new StorageConfigurationException($"{Setting} is not a valid PostgreSQL connection string ({FirstClause(ex.Message)}).");
        }
        if (string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database))
            throw new StorageConfigurationException($"{Setting} must name a Host and a Database.");
        return builder;
    }

    /// <summary>Describe names the server and database of a connection string, without its password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Username ?? "(no user)"}@{builder.Host}:{builder.Port}/{builder.Database}";

    // Npgsql names the key it could not set ("Couldn't set port (Parameter 'port')"); a message that ever quoted a
    // key=value pair would be cut before the value, which may be the password.
    private static string FirstClause(string message) =>
        message.Split(" (Parameter", 2)[0].Split('=', 2)[0].Trim().TrimEnd(':', ',');
}

using OutreachBot.TestSupport;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>StoreKind: which store a host test runs on; the same test class runs on both.</summary>
public enum StoreKind
{
    LiteDb,
    PostgreSql,
}

/// <summary>StoreHosts builds hosts on a store of a test's choosing: a LiteDB file in the test's folder, or a fresh PostgreSQL database.</summary>
public static class StoreHosts
{
    /// <summary>SettingsAsync returns the settings that put a host on the store; call it once per test and reuse them for restarts.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(StoreKind kind) => kind switch
    {
        StoreKind.PostgreSql => new()
        {
            ["Storage:Provider"] = "PostgreSql",
            ["ConnectionStrings:Outreach"] = await SharedPostgres.CreateDatabaseAsync(),
        },
        _ => [],
    };

    /// <summary>Host: the real host on <paramref name="dbPath"/> (used on LiteDB only) with <paramref name="settings"/>.</summary>
    public static BotHostFactory Host(string dbPath, Dictionary<string, string?> settings, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var host = new BotHostFactory(dbPath) { LogSink = logs };
        foreach (var (key, value) in settings) host.Settings[key] = value;
        return host;
    }
}

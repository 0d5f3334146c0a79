using OutreachBot.Storage;
using OutreachBot.Storage.Postgres;

namespace OutreachBot.Bot.Hosting;

/// <summary>CopyStoreCommand: <c>dotnet run --project src/Bot -- copy-store --from &lt;litedb file&gt; --to &lt;connection string&gt;</c> moves an embedded installation to PostgreSQL.</summary>
/// <remarks>
/// Without <c>--to</c> it uses <c>ConnectionStrings:Outreach</c> (e.g. the environment's <c>ConnectionStrings__Outreach</c>),
/// which keeps the password off the command line. It prints a count per table and exits 0 only when every count verified.
/// </remarks>
public static class CopyStoreCommand
{
    private const string Usage = "usage: copy-store --from <litedb file> [--to <connection string>] (--to defaults to ConnectionStrings:Outreach)";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var (from, to, rest) = (Option(args, "--from"), Option(args, "--to"), Remove(args, "--from", "--to"));
        var builder = Host.CreateApplicationBuilder(rest);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        to ??= builder.Configuration.GetConnectionString("Outreach");
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            await error.WriteLineAsync("copy-store: " + Usage);
            return ServiceExit.StartFailed;
        }
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CopyStoreCommand));
        StoreCopyResult result;
        try
        {
            result = await StoreCopy.CopyAsync(from, to, logger);
        }
        catch (Exception ex) when (ex is StoreCopyException or StorageConfigurationException or DataFileInUseException)
        {
            await error.WriteLineAsync("copy-store: " + ex.Message);
            return ServiceExit.StartFailed;
        }

        await output.WriteLineAsync($"copy-store: {Path.GetFullPath(from)} -> {result.Target}");
        foreach (var table in result.Tables)
        {
            await output.WriteLineAsync(
                $"  {table.Table,-25} read {table.Read,8}  written {table.Written,8}  in target {table.InTarget,8}{(table.Verified ? "" : "  MISMATCH")}");
        }
        if (!result.Verified)
        {
            await error.WriteLineAsync("copy-store: the counts do not match; the copy was rolled back and the target left empty.");
            return ServiceExit.StartFailed;
        }
        await output.WriteLineAsync($"copy-store: verified and committed; the next contact id is {result.NextContactId}.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Remove drops the command's own options, so the rest (e.g. --ConnectionStrings:Outreach=...) stays configuration.</summary>
    private static string[] Remove(string[] args, params string[] names)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (names.Contains(args[i])) i++;
            else rest.Add(args[i]);
        }
        return [.. rest];
    }
}

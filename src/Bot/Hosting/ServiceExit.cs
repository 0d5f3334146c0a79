using Microsoft.Extensions.Options;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Hosting;

/// <summary>ServiceExit: the exit codes the process ends with, so a supervisor can tell a failure from a normal stop.</summary>
public static class ServiceExit
{
    /// <summary>Storage stopped after a failed commit, rollback or fsync (EX_IOERR).</summary>
    public const int StorageFailed = 74;

    /// <summary>The service could not start, e.g. another process holds its data file.</summary>
    public const int StartFailed = 1;
}

/// <summary>ServiceRun runs the host until it stops and returns the exit code for Program.</summary>
public static class ServiceRun
{
    /// <summary>RunOutreachBotAsync runs <paramref name="host"/>; a data file in use ends it with a one-line reason instead of a stack trace.</summary>
    public static async Task<int> RunOutreachBotAsync(this IHost host)
    {
        IStorageHealth? storage = null;
        // Looked at first so the usual case reads as one line; opening the store at start still decides.
        var storageOptions = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var dataPath = storageOptions.Path;
        if (storageOptions.Provider == StorageProvider.LiteDb && !string.IsNullOrWhiteSpace(dataPath) && DataFileLock.FindHolder(dataPath) is { } holder)
        {
            await Console.Error.WriteLineAsync("OutreachBot not started: " + new DataFileInUseException(Path.GetFullPath(dataPath), holder.Pid).Message);
            return ServiceExit.StartFailed;
        }
        try
        {
            storage = host.Services.GetRequiredService<IStorageHealth>(); // opens the store, so inside the try
            await host.RunAsync();
        }
        catch (DataFileInUseException ex)
        {
            // The host, and its loggers, are disposed by now.
            await Console.Error.WriteLineAsync("OutreachBot not started: " + ex.Message);
            return ServiceExit.StartFailed;
        }
        catch (StorageConfigurationException ex)
        {
            // Names the setting; never the connection string, which holds the password.
            await Console.Error.WriteLineAsync("OutreachBot not started: " + ex.Message);
            return ServiceExit.StartFailed;
        }
        // Whatever ended the host (the watchdog, or a worker refused by the stopped store), a failed store decides the code.
        if (storage?.Failure is { } failure)
        {
            await Console.Error.WriteLineAsync($"OutreachBot stopped with exit code {ServiceExit.StorageFailed}: storage failed ({failure.GetType().Name})");
            return ServiceExit.StorageFailed;
        }
        return 0;
    }
}

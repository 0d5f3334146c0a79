using Microsoft.Extensions.Options;
using OutreachBot.Bot.Delivery;

namespace OutreachBot.Bot.Content;

/// <summary>ContentWatcher: loads the content when the host starts, then reloads it once the folder has been quiet for <see cref="ContentOptions.ReloadDelay"/> after a change.</summary>
/// <remarks>An editor saves a file in several writes (temp file, rename); waiting for quiet reads the finished file once.</remarks>
public sealed class ContentWatcher(ContentReloader reloader, IOptions<ContentOptions> options, TimeProvider time, ILogger<ContentWatcher> logger) : BackgroundService
{
    private readonly AsyncSignal changed = new();
    private FileSystemWatcher? watcher;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Loaded before the channels start taking messages: the first QUIZ already sees every file.
        reloader.Reload();
        if (options.Value.Watch && Directory.Exists(reloader.Folder))
        {
            watcher = new FileSystemWatcher(reloader.Folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.DirectoryName | NotifyFilters.Size };
            watcher.Changed += (_, _) => changed.Set();
            watcher.Created += (_, _) => changed.Set();
            watcher.Deleted += (_, _) => changed.Set();
            watcher.Renamed += (_, _) => changed.Set();
            watcher.Error += (_, e) => { logger.LogWarning("Content watcher: {Error}; reloading", e.GetException().Message); changed.Set(); };
            watcher.EnableRaisingEvents = true;
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (watcher is null) return;
        // Taken before each reload, so a change made while the folder is being read brings another reload.
        var pending = changed.Next();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await pending.WaitAsync(stoppingToken);
                // Each further change restarts the wait, so a burst of writes costs one reload.
                while (true)
                {
                    pending = changed.Next();
                    var quiet = Task.Delay(options.Value.ReloadDelay, time, stoppingToken);
                    if (await Task.WhenAny(pending, quiet) == quiet)
                    {
                        await quiet; // throws when it was the stop that ended the wait
                        break;
                    }
                }
                reloader.Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override void Dispose()
    {
        watcher?.Dispose();
        base.Dispose();
    }
}

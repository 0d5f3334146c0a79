using Microsoft.Extensions.Options;
using OutreachBot.Flows.Content;

namespace OutreachBot.Bot.Content;

/// <summary>ContentReloader: reads the content folder into the <see cref="ContentLibrary"/> and says loudly what was left out.</summary>
public sealed class ContentReloader(ContentLibrary library, IOptions<ContentOptions> options, IHostEnvironment environment, ILogger<ContentReloader> logger)
{
    private readonly Lock reading = new();

    /// <summary>Folder: the resolved content folder.</summary>
    public string Folder { get; } = ContentFolder.Resolve(options.Value.Path, environment.ContentRootPath);

    /// <summary>Problem: why the folder could not be read at the last attempt, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>Reload: reads and validates every file, swaps the snapshot, logs one error per invalid file; a folder that cannot be read keeps the snapshot.</summary>
    public ContentCatalog Reload()
    {
        lock (reading)
        {
            IReadOnlyList<ContentFile> files;
            try
            {
                files = ContentFolder.Read(Folder);
                Problem = null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Problem = $"cannot read {Folder}: {ex.Message}";
                logger.LogError("Content not reloaded: {Problem}; quizzes and polls stay as they were", Problem);
                return library.Current;
            }
            var catalog = library.Reload(ContentLoader.Load(files));
            foreach (var bad in catalog.Invalid)
                logger.LogError("Content file {File} left out: {Errors}", bad.File, string.Join(" | ", bad.Errors));
            logger.LogInformation("Content loaded from {Folder}: {Loaded} files ({Ids}), {Invalid} left out",
                Folder, catalog.Current.Count, string.Join(", ", catalog.Current.Select(c => $"{c.Id} v{c.Version}")), catalog.Invalid.Count);
            return catalog;
        }
    }

    /// <summary>Details: lines for /healthz: the folder problem and each file left out; empty when all is well.</summary>
    public IReadOnlyList<string> Details() =>
        [.. Problem is null ? [] : new[] { "content: " + Problem }, .. library.Current.Invalid.Select(f => "content left out: " + f.Summary)];
}

namespace OutreachBot.Flows.Content;

/// <summary>IContentCatalog: where the flows read the content snapshot in force; each turn reads it once.</summary>
public interface IContentCatalog
{
    ContentCatalog Current { get; }
}

/// <summary>ContentLibrary: holds the snapshot in force and swaps in a new one whole on reload.</summary>
/// <remarks>Readers see the old snapshot or the new one, never a mix: the swap is one reference write.</remarks>
public sealed class ContentLibrary(ContentCatalog initial) : IContentCatalog
{
    private readonly Lock swapping = new();
    private volatile ContentCatalog current = initial;

    public ContentLibrary() : this(ContentCatalog.Empty) { }

    public ContentCatalog Current => current;

    /// <summary>Reload: the next snapshot from <paramref name="result"/>, keeping the versions open attempts need; returns it.</summary>
    public ContentCatalog Reload(ContentLoadResult result)
    {
        // Two reloads at once (the watcher and a staff command) must not both build from the same old snapshot and lose versions.
        lock (swapping)
        {
            current = current.Next(result);
            return current;
        }
    }
}

/// <summary>FixedContent: a catalog that never changes (tests, tools).</summary>
public sealed class FixedContent(ContentCatalog catalog) : IContentCatalog
{
    public ContentCatalog Current => catalog;
}

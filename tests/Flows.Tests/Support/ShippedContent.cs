using OutreachBot.Flows.Content;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>ShippedContent: the repository's content/ folder loaded as the service loads it (files read here, validated by <see cref="ContentLoader"/>).</summary>
public static class ShippedContent
{
    public static string Folder => Path.Combine(SourceFiles.RepoRoot, "content");

    /// <summary>Files: every quiz and poll file, as (path inside content/, text).</summary>
    public static IReadOnlyList<ContentFile> Files() =>
        [.. ContentLoader.Folders.SelectMany(sub => Directory.GetFiles(Path.Combine(Folder, sub))
            .Select(f => new ContentFile(sub + "/" + Path.GetFileName(f), File.ReadAllText(f)))
            .Where(f => ContentLoader.IsContentFile(f.Path)))];

    /// <summary>Catalog: a snapshot of the shipped files.</summary>
    public static ContentCatalog Catalog() => ContentCatalog.Empty.Next(ContentLoader.Load(Files()));
}

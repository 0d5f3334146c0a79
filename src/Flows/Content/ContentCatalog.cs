using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Content;

/// <summary>ContentCatalog: one immutable snapshot of the quizzes and polls: the current version of each, every earlier version loaded since start, and the files left out.</summary>
/// <remarks>
/// A contact in the middle of an attempt keeps reading the version they started (<see cref="Find(string, int)"/>), so a
/// reload never changes an open attempt; only new attempts get the new version.
/// </remarks>
public sealed class ContentCatalog
{
    private readonly Dictionary<(string Id, int Version), QuizContent> versions;

    public ContentCatalog(IReadOnlyList<QuizContent> current, IReadOnlyList<ContentFileErrors> invalid, IEnumerable<QuizContent>? earlier = null)
    {
        Current = current;
        Invalid = invalid;
        versions = [];
        foreach (var c in earlier ?? []) versions[(c.Id, c.Version)] = c;
        foreach (var c in current) versions[(c.Id, c.Version)] = c;
    }

    /// <summary>Empty: no content at all (the flows then say nothing is open).</summary>
    public static ContentCatalog Empty { get; } = new([], []);

    /// <summary>Current: the latest version of every valid file, quizzes and polls, in file order.</summary>
    public IReadOnlyList<QuizContent> Current { get; }

    /// <summary>Invalid: the files left out of this snapshot, each with its errors.</summary>
    public IReadOnlyList<ContentFileErrors> Invalid { get; }

    /// <summary>AllVersions: every version this snapshot can still serve, current ones included.</summary>
    public IEnumerable<QuizContent> AllVersions => versions.Values;

    /// <summary>Find: the current version of <paramref name="id"/>, or null.</summary>
    public QuizContent? Find(string? id) => Current.FirstOrDefault(c => c.Id == id);

    /// <summary>Find: that exact version, current or earlier, or null.</summary>
    public QuizContent? Find(string id, int version) => versions.GetValueOrDefault((id, version));

    /// <summary>OpenTo: the current files of <paramref name="kind"/> this contact may take on <paramref name="cairoToday"/>.</summary>
    public IReadOnlyList<QuizContent> OpenTo(Contact contact, ContentKind kind, DateOnly cairoToday) =>
        [.. Current.Where(c => c.Kind == kind && c.IsOpenTo(contact, cairoToday))];

    /// <summary>Next: a catalog of <paramref name="result"/> that still serves every version this one could.</summary>
    /// <remarks>
    /// A file whose id and version were loaded before with other text keeps the earlier text and is listed as invalid:
    /// an edit must bump the version, or contacts half-way through would see questions change under them.
    /// </remarks>
    public ContentCatalog Next(ContentLoadResult result)
    {
        var current = new List<QuizContent>();
        var invalid = new List<ContentFileErrors>(result.Invalid);
        foreach (var c in result.Loaded)
        {
            if (Find(c.Id, c.Version) is { } before && !ContentFingerprint.Same(before, c))
            {
                invalid.Add(new ContentFileErrors(c.File, [new ContentError(c.File, null, "version",
                    $"the file changed but its version is still {c.Version}: bump it (the earlier text is served until then)")]));
                current.Add(before);
            }
            else current.Add(c);
        }
        return new ContentCatalog(current, invalid, AllVersions);
    }
}

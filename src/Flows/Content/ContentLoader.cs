namespace OutreachBot.Flows.Content;

/// <summary>ContentLoadResult: the files that passed, and one error list per file left out.</summary>
public sealed record ContentLoadResult(IReadOnlyList<QuizContent> Loaded, IReadOnlyList<ContentFileErrors> Invalid);

/// <summary>ContentLoader: validates quiz and poll files given as text (pure: the host reads the folder); each invalid file is left out, the rest load.</summary>
public static class ContentLoader
{
    /// <summary>Folders: where each kind lives inside the content folder.</summary>
    public static IReadOnlyList<string> Folders { get; } = ["quizzes", "polls"];

    /// <summary>IsContentFile: a .yaml, .yml or .json file directly in quizzes/ or polls/ ("quizzes/x.yaml").</summary>
    public static bool IsContentFile(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        return parts.Length == 2 && Folders.Contains(parts[0])
            && Path.GetExtension(parts[1]).ToLowerInvariant() is ".yaml" or ".yml" or ".json";
    }

    /// <summary>Load: every file checked on its own, then ids checked across files (the first file, by path, keeps a shared id).</summary>
    public static ContentLoadResult Load(IEnumerable<ContentFile> files)
    {
        var loaded = new List<QuizContent>();
        var invalid = new List<ContentFileErrors>();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var path = file.Path.Replace('\\', '/');
            var (content, errors) = One(path, file.Text);
            if (content is not null && loaded.FirstOrDefault(c => c.Id == content.Id) is { } first)
                errors = [new ContentError(path, null, "id", $"'{content.Id}' is also the id of {first.File}")];
            if (errors.Count > 0) invalid.Add(new ContentFileErrors(path, errors));
            else loaded.Add(content!);
        }
        return new ContentLoadResult(loaded, invalid);
    }

    private static (QuizContent? Content, IReadOnlyList<ContentError> Errors) One(string path, string text)
    {
        if (!IsContentFile(path)) return (null, [new ContentError(path, null, "(file)", "not a .yaml or .json file in quizzes/ or polls/")]);
        var (root, parseError) = ContentTree.Parse(path, text);
        if (root is null) return (null, [new ContentError(path, null, "(file)", parseError ?? "unreadable")]);
        return ContentValidator.Validate(path, root);
    }
}

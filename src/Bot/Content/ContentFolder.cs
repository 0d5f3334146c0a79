using OutreachBot.Flows.Content;

namespace OutreachBot.Bot.Content;

/// <summary>ContentFolder: the file-system side of content: finds the folder and reads its quiz and poll files as text for <see cref="ContentLoader"/>.</summary>
public static class ContentFolder
{
    /// <summary>Resolve: an absolute path as given; a relative one in the working directory, else the nearest folder of that name above <paramref name="contentRoot"/>.</summary>
    /// <remarks>So <c>dotnet run --project src/Bot</c> finds the repository's content/ whether it runs in the repository or in src/Bot, and so do the tests from their bin folders.</remarks>
    public static string Resolve(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured)) return configured;
        var here = Path.GetFullPath(configured);
        if (Directory.Exists(here)) return here;
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, configured);
            if (Directory.Exists(candidate)) return candidate;
        }
        return here;
    }

    /// <summary>Read: every .yaml, .yml and .json file in quizzes/ and polls/, with its path relative to the folder ("quizzes/x.yaml").</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<ContentFile> Read(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"content folder {folder} not found");
        var files = new List<ContentFile>();
        foreach (var sub in ContentLoader.Folders)
        {
            var dir = Path.Combine(folder, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var path in Directory.EnumerateFiles(dir))
            {
                var relative = sub + "/" + Path.GetFileName(path);
                if (ContentLoader.IsContentFile(relative)) files.Add(new ContentFile(relative, File.ReadAllText(path)));
            }
        }
        return files;
    }
}

using OutreachBot.Flows.Content;

namespace OutreachBot.Bot.Content;

/// <summary>ContentReport: the catalog as staff read it: one OK line per file in force, one FAIL block per file left out.</summary>
public static class ContentReport
{
    public static string Text(ContentCatalog catalog, string? problem = null)
    {
        var lines = new List<string>();
        if (problem is not null) lines.Add("FAIL " + problem);
        foreach (var c in catalog.Current)
            lines.Add($"OK   {c.File}: {c.KindName} {c.Id} v{c.Version}, {c.Questions.Count} questions" + (c.PassMark is { } p ? $", pass mark {p}" : ""));
        foreach (var bad in catalog.Invalid)
        {
            lines.Add("FAIL " + bad.File);
            lines.AddRange(bad.Errors.Select(e => "     - " + (e.Question is null ? $"{e.Field}: {e.Message}" : $"{e.Question}: {e.Field}: {e.Message}")));
        }
        lines.Add($"{catalog.Current.Count} in force, {catalog.Invalid.Count} left out");
        return string.Join('\n', lines) + "\n";
    }
}

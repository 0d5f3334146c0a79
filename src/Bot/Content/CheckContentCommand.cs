using OutreachBot.Flows.Content;

namespace OutreachBot.Bot.Content;

/// <summary>CheckContentCommand: <c>dotnet run --project src/Bot -- check-content [folder]</c> validates the content as the service would load it, prints a report, exits 1 when a file is left out.</summary>
/// <remarks>Without a folder it uses <c>Content:Path</c> (default content/, found as the service finds it). Nothing is stored or sent.</remarks>
public static class CheckContentCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var folderArg = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var builder = Host.CreateApplicationBuilder([.. args.Where(a => a != folderArg)]);
        var configured = folderArg ?? builder.Configuration.GetSection(ContentOptions.Section).Get<ContentOptions>()?.Path ?? new ContentOptions().Path;
        var folder = ContentFolder.Resolve(configured, builder.Environment.ContentRootPath);
        IReadOnlyList<ContentFile> files;
        try
        {
            files = ContentFolder.Read(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("check-content: " + ex.Message);
            return 1;
        }
        var catalog = ContentCatalog.Empty.Next(ContentLoader.Load(files));
        await output.WriteAsync($"{folder}\n" + ContentReport.Text(catalog));
        return catalog.Invalid.Count == 0 && catalog.Current.Count > 0 ? 0 : 1;
    }
}

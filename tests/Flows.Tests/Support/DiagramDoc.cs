using System.Text.RegularExpressions;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>DiagramDoc: a Markdown page whose ```mermaid block must be the diagram the code builds, checked as a golden file.</summary>
/// <remarks>Never rewrites the page (see <see cref="GoldenFile"/>): a page with another diagram is written, diagram replaced, to the received path for review.</remarks>
public sealed partial class DiagramDoc(TranscriptMode mode)
{
    private readonly GoldenFile _golden = new(mode);

    /// <summary>Check: null when <paramref name="docPath"/> shows <paramref name="diagram"/>, else why not.</summary>
    public string? Check(string docPath, string receivedPath, string diagram)
    {
        if (_golden.RefusedOnCi(docPath) is { } refused) return refused;
        var name = Path.GetFileName(docPath);
        var doc = File.ReadAllText(docPath).ReplaceLineEndings("\n");
        var fence = Fence().Match(doc).Groups[1];
        if (!fence.Success) return $"{name} has no ```mermaid block.";

        diagram = diagram.Trim().ReplaceLineEndings("\n");
        var documented = fence.Value.Trim();
        var difference = documented == diagram ? null : $"{name}: the diagram differs.\nApproved:\n{documented}\nReceived:\n{diagram}";
        return _golden.Settle(docPath, receivedPath, difference, doc[..fence.Index] + diagram + "\n" + doc[(fence.Index + fence.Length)..]);
    }

    [GeneratedRegex("```mermaid\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}

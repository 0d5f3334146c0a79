using System.Text.RegularExpressions;
using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>SignUpDiagramTests: docs/flows/signup.md shows the machine the code actually builds.</summary>
public sealed partial class SignUpDiagramTests
{
    [Fact]
    public void DocumentedDiagramMatchesTheStateMachine()
    {
        var path = Path.Combine(SourceFiles.RepoRoot, "docs", "flows", "signup.md");
        var diagram = SignUpFlow.Diagram().Trim().ReplaceLineEndings("\n");
        Assert.Contains("Governorate", diagram);
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var fence = Fence().Match(doc);
        Assert.True(fence.Success, "docs/flows/signup.md has no ```mermaid block");
        if (SourceFiles.Updating && fence.Groups[1].Value.Trim() != diagram)
        {
            File.WriteAllText(path, doc[..fence.Groups[1].Index] + diagram + "\n" + doc[(fence.Groups[1].Index + fence.Groups[1].Length)..]);
            return;
        }
        Assert.Equal(diagram, fence.Groups[1].Value.Trim());
    }

    [GeneratedRegex("```mermaid\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}

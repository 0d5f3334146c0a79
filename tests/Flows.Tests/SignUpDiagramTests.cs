using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>SignUpDiagramTests: docs/flows/signup.md shows the machine the code actually builds.</summary>
/// <remarks>When it does not, the page with the built diagram is written to docs/flows/signup.md.received for review; see <see cref="DiagramDoc"/>.</remarks>
public sealed class SignUpDiagramTests
{
    [Fact]
    public void DocumentedDiagramMatchesTheStateMachine()
    {
        var path = Path.Combine(SourceFiles.RepoRoot, "docs", "flows", "signup.md");
        var diagram = SignUpFlow.Diagram();
        Assert.Contains("Governorate", diagram);

        var failure = new DiagramDoc(TranscriptMode.FromEnvironment()).Check(path, path + ".received", diagram);

        Assert.True(failure is null, failure);
    }
}

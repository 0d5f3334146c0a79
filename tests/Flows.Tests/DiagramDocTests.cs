using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>DiagramDocTests: a page whose diagram drifted is written beside it as .received and fails, under UPDATE_TRANSCRIPTS too; the page itself is never rewritten.</summary>
public sealed class DiagramDocTests : IDisposable
{
    private const string Built = "stateDiagram-v2\n\tLanguage --> FullName : Next";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreachbot-diagrams", Guid.NewGuid().ToString("N"));
    private readonly string _page;
    private readonly string _received;

    public DiagramDocTests()
    {
        Directory.CreateDirectory(_folder);
        _page = Path.Combine(_folder, "flow.md");
        _received = _page + ".received";
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static DiagramDoc Doc(bool update = false, bool onCi = false) => new(new TranscriptMode(update, onCi));

    private static string Page(string diagram) => $"# Flow\n\nBefore.\n\n```mermaid\n{diagram}\n```\n\nAfter.\n";

    [Fact]
    public void AMatchingPagePassesAndSettlesALeftoverReceivedFile()
    {
        File.WriteAllText(_page, Page(Built));
        File.WriteAllText(_received, "left over from an earlier review");

        Assert.Null(Doc().Check(_page, _received, Built + "\n"));
        Assert.False(File.Exists(_received));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ADriftedDiagramIsWrittenForReviewAndFailsAndThePageIsLeftAlone(bool update)
    {
        var approved = Page("stateDiagram-v2\n\tLanguage --> Summary : Next");
        File.WriteAllText(_page, approved);

        var failure = Doc(update).Check(_page, _received, Built);

        Assert.NotNull(failure);
        Assert.Contains("flow.md: the diagram differs", failure);
        Assert.Contains(_received, failure);
        if (update) Assert.Contains("UPDATE_TRANSCRIPTS=1", failure);
        Assert.Equal(approved, File.ReadAllText(_page));
        Assert.Equal(Page(Built), File.ReadAllText(_received));
    }

    [Fact]
    public void UpdateTranscriptsFailsEvenWhenThePageMatches()
    {
        File.WriteAllText(_page, Page(Built));

        var failure = Doc(update: true).Check(_page, _received, Built);

        Assert.NotNull(failure);
        Assert.Contains("flow.md matches", failure);
        Assert.Equal(Page(Built), File.ReadAllText(_page));
        Assert.True(File.Exists(_received));
    }

    [Fact]
    public void UpdateTranscriptsOnCiFailsAtOnceAndWritesNothing()
    {
        File.WriteAllText(_page, Page("stateDiagram-v2\n\tLanguage --> Summary : Next"));

        var failure = Doc(update: true, onCi: true).Check(_page, _received, Built);

        Assert.NotNull(failure);
        Assert.Contains("CI", failure);
        Assert.False(File.Exists(_received));
    }
}

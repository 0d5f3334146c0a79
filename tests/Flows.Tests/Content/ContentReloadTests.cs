using OutreachBot.Flows.Content;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Flows.Tests.Content;

/// <summary>ContentReloadTests: a reload swaps the snapshot whole; a contact half-way through finishes the version they started, a new contact gets the new one.</summary>
public sealed class ContentReloadTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T08:00:00+02:00");
    private const string Path = "quizzes/sample_quiz.yaml";

    private static ContentLoadResult Load(string quiz) => ContentLoader.Load([new ContentFile(Path, quiz)]);

    private static string Version2 => SampleContent.Quiz.Replace("version: 1", "version: 2").Replace("السؤال الثاني؟", "السؤال الثاني الجديد؟").Replace("correct: 1", "correct: 3");

    private static StepResult Say(ConversationEngine engine, StepResult last, string text) =>
        engine.Step(last.Contact, last.Session, new Inbound(text, InboundKind.Text, "sim", ChannelTraits.Simulator), Now);

    private static StepResult Begin(ConversationEngine engine, long contactId) =>
        engine.StartFlow(new Contact { Id = contactId }, new Session(), new FlowTrigger("quiz", "sample_quiz", "sim", ChannelTraits.Simulator), Now);

    [Fact]
    public void AContactMidQuizFinishesTheOldVersionAndANewContactGetsTheNewOne()
    {
        var library = new ContentLibrary();
        library.Reload(Load(SampleContent.Quiz));
        var engine = new ConversationEngine(new EngineOptions(), FlowRegistry.Standard(library));
        var early = Say(engine, Begin(engine, 1), "2");
        Assert.Equal("السؤال الثاني؟", early.Replies[^1].Text);

        library.Reload(Load(Version2));

        var finished = Say(engine, early, "1");
        var old = Assert.Single(finished.Attempts);
        Assert.Equal((1, 2, true), (old.ContentVersion, old.Score!.Value, old.Passed!.Value)); // "1" is right in version 1
        var fresh = Say(engine, Begin(engine, 2), "2");
        Assert.Equal("السؤال الثاني الجديد؟", fresh.Replies[^1].Text);
        Assert.Equal(2, Assert.Single(fresh.Attempts).ContentVersion);
        Assert.Equal(2, library.Current.Find("sample_quiz")!.Version);
        Assert.NotNull(library.Current.Find("sample_quiz", 1));
    }

    [Fact]
    public void AFileChangedWithoutAVersionBumpKeepsTheEarlierTextAndIsListed()
    {
        var library = new ContentLibrary();
        library.Reload(Load(SampleContent.Quiz));

        var catalog = library.Reload(Load(SampleContent.Quiz.Replace("السؤال الثاني؟", "سؤال معدل؟")));

        Assert.Equal("السؤال الثاني؟", catalog.Find("sample_quiz")!.Questions[1].Text.Ar);
        Assert.Contains("bump it", Assert.Single(catalog.Invalid).Errors[0].Message);
        Assert.Empty(library.Reload(Load(SampleContent.Quiz + "\n# a comment changes nothing\n")).Invalid);
    }

    [Fact]
    public void AFileTurnedInvalidIsLeftOutButItsOpenAttemptsFinish()
    {
        var library = new ContentLibrary();
        library.Reload(Load(SampleContent.Quiz));
        var engine = new ConversationEngine(new EngineOptions(), FlowRegistry.Standard(library));
        var early = Say(engine, Begin(engine, 1), "2");

        var catalog = library.Reload(Load(SampleContent.Quiz.Replace("version: 1", "version: 2").Replace("correct: 2", "correct: 7")));

        Assert.Null(catalog.Find("sample_quiz"));
        Assert.NotNull(Say(engine, early, "1").Attempts.Single().FinishedAt);
    }

    [Fact]
    public void AnAttemptWhoseVersionIsGoneAfterARestartStartsTheNewVersion()
    {
        var before = new ContentLibrary();
        before.Reload(Load(SampleContent.Quiz));
        var early = Say(new ConversationEngine(new EngineOptions(), FlowRegistry.Standard(before)), Begin(new ConversationEngine(new EngineOptions(), FlowRegistry.Standard(before)), 1), "2");
        var restarted = new ContentLibrary();
        restarted.Reload(Load(Version2));

        var next = Say(new ConversationEngine(new EngineOptions(), FlowRegistry.Standard(restarted)), early, "1");

        Assert.Contains("تم تحديث «اختبار تجريبي»", next.Replies[0].Text);
        var attempt = Assert.Single(next.Attempts);
        Assert.Equal((2, 2, 0), (attempt.ContentVersion, attempt.Number, attempt.Answers.Count));
    }
}

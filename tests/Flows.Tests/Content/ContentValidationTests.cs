using OutreachBot.Flows.Content;

namespace OutreachBot.Flows.Tests.Content;

/// <summary>ContentValidationTests: each kind of invalid file is refused with an error naming the file, the question and the field; the other files still load.</summary>
public sealed class ContentValidationTests
{
    private const string QuizPath = "quizzes/sample_quiz.yaml";

    private static ContentLoadResult Load(string path, string text) => ContentLoader.Load([new ContentFile(path, text)]);

    /// <summary>Errors: the one file's errors, as "question: field: message" lines.</summary>
    private static IReadOnlyList<ContentError> Errors(string text, string path = QuizPath)
    {
        var result = Load(path, text);
        Assert.Empty(result.Loaded);
        var file = Assert.Single(result.Invalid);
        Assert.Equal(path, file.File);
        Assert.All(file.Errors, e => Assert.Equal(path, e.File));
        return file.Errors;
    }

    private static string WithoutLine(string text, string containing) =>
        string.Join('\n', text.Split('\n').Where(l => !l.Contains(containing, StringComparison.Ordinal)));

    private static void HasError(IReadOnlyList<ContentError> errors, string? question, string field, string message) =>
        Assert.True(errors.Any(e => e.Question == question && e.Field == field && e.Message.Contains(message, StringComparison.Ordinal)),
            $"no error '{question}: {field}: ...{message}...' among:\n{string.Join('\n', errors)}");

    [Fact]
    public void TheSamplesAreValid()
    {
        var result = ContentLoader.Load([new ContentFile(QuizPath, SampleContent.Quiz), new ContentFile("polls/sample_poll.yaml", SampleContent.Poll)]);
        Assert.Empty(result.Invalid);
        Assert.Equal(["sample_poll", "sample_quiz"], result.Loaded.Select(c => c.Id));
        var quiz = result.Loaded[1];
        Assert.Equal((ContentKind.Quiz, 1, 1, 2), (quiz.Kind, quiz.Version, quiz.PassMark!.Value, quiz.Questions[0].Correct!.Value));
        Assert.Equal("Second answer", quiz.Questions[0].Options[1].Text.En);
        Assert.Equal("second", result.Loaded[0].Questions[0].Options[1].Code);
    }

    [Fact]
    public void JsonWithTheSameStructureIsAccepted()
    {
        const string json = """
            {"id": "sample_poll", "version": 2, "kind": "poll",
             "title": {"ar": "استطلاع تجريبي", "en": "Sample poll"}, "intro": {"ar": "سؤال واحد.", "en": "One question."},
             "completion": {"ar": "شكراً لك!", "en": "Thank you!"},
             "questions": [{"id": "choice", "text": {"ar": "ماذا تختار؟", "en": "What do you choose?"},
               "options": [{"ar": "الأول", "en": "The first"}, {"ar": "الثاني", "en": "The second"}]}]}
            """;
        var loaded = Assert.Single(Load("polls/sample_poll.json", json).Loaded);
        Assert.Equal(2, loaded.Version);
    }

    [Fact]
    public void BadYamlNamesTheFileAndLine() =>
        HasError(Errors("id: sample_quiz\ntitle: { ar: \"x\", en: \n  - broken"), null, "(file)", "not valid YAML at line");

    [Fact]
    public void BadJsonIsRefused() => HasError(Errors("{\"id\": ", "polls/sample_poll.json"), null, "(file)", "not valid JSON");

    [Fact]
    public void MissingId() => HasError(Errors(SampleContent.Quiz.Replace("id: sample_quiz\n", "")), null, "id", "missing");

    [Fact]
    public void IdDifferentFromTheFileName() =>
        HasError(Errors(SampleContent.Quiz.Replace("id: sample_quiz", "id: other_quiz")), null, "id", "differs from the file name");

    [Fact]
    public void DuplicateQuestionId() =>
        HasError(Errors(SampleContent.Quiz.Replace("- id: second", "- id: first")), "questions[2] first", "id", "duplicate question id");

    [Fact]
    public void OneOption() =>
        HasError(Errors(WithoutLine(SampleContent.Quiz, "\"الإجابة الثانية\"").Replace("correct: 2", "correct: 1")), "questions[1] first", "options", "1 options: give 2 to 4");

    [Fact]
    public void FiveOptions() =>
        HasError(Errors(SampleContent.Quiz.Replace("- { ar: \"ربما\", en: \"Maybe\" }",
            "- { ar: \"ربما\", en: \"Maybe\" }\n      - { ar: \"أحياناً\", en: \"Sometimes\" }\n      - { ar: \"أبداً\", en: \"Never\" }")),
            "questions[2] second", "options", "5 options: give 2 to 4");

    [Fact]
    public void CorrectOutOfRange() =>
        HasError(Errors(SampleContent.Quiz.Replace("correct: 2", "correct: 3")), "questions[1] first", "correct", "from 1 to 2");

    [Fact]
    public void MissingTranslation() =>
        HasError(Errors(SampleContent.Quiz.Replace("""{ ar: "السؤال الثاني؟", en: "Second question?" }""", """{ ar: "السؤال الثاني؟" }""")),
            "questions[2] second", "text.en", "missing translation");

    [Fact]
    public void UntranslatedArabic() =>
        HasError(Errors(SampleContent.Quiz.Replace("""ar: "أحسنت!",""", """ar: "Well done!",""")), null, "completion.passed.ar", "no Arabic letters");

    [Fact]
    public void EnglishOutsideGsm7() =>
        HasError(Errors(SampleContent.Quiz.Replace("Two questions to try.", "Two questions — try.")), null, "intro.en", "not GSM-7");

    [Fact]
    public void MissingSourceOnAQuizQuestion()
    {
        var text = SampleContent.Quiz;
        var last = text.LastIndexOf("    source:", StringComparison.Ordinal);
        var end = text.IndexOf('\n', last);
        HasError(Errors(text[..last] + (end < 0 ? "" : text[(end + 1)..])), "questions[2] second", "source", "missing");
    }

    [Fact]
    public void PassMarkAboveTheQuestionCount() =>
        HasError(Errors(SampleContent.Quiz.Replace("pass_mark: 1", "pass_mark: 3")), null, "pass_mark", "from 1 to the number of questions (2)");

    [Theory]
    [InlineData("active: { from: \"2026-13-01\" }", "active.from", "not a date")]
    [InlineData("active: { to: \"2026-02-30\" }", "active.to", "not a date")]
    [InlineData("active: { from: 2026-12-01T10:00:00 }", "active.from", "not a date")]
    [InlineData("active: { from: 2026-12-10, to: 2026-12-01 }", "active", "is after")]
    [InlineData("active: { since: 2026-12-01 }", "active.since", "unknown field")]
    public void BadDates(string active, string field, string message) =>
        HasError(Errors(SampleContent.Quiz + "\n" + active + "\n"), null, field, message);

    [Fact]
    public void UnknownKind() => HasError(Errors(SampleContent.Quiz.Replace("kind: quiz", "kind: survey")), null, "kind", "'survey' is not a kind");

    [Fact]
    public void AQuizInThePollsFolder() =>
        HasError(Errors(SampleContent.Quiz.Replace("id: sample_quiz", "id: sample"), "polls/sample.yaml"), null, "kind", "a quiz in the polls/ folder");

    [Fact]
    public void UnknownFieldsAreTypos()
    {
        var errors = Errors(SampleContent.Quiz.Replace("pass_mark: 1", "pass_mark: 1\npassmark: 1").Replace("    correct: 1", "    corect: 1"));
        HasError(errors, null, "passmark", "unknown field");
        HasError(errors, "questions[2] second", "corect", "unknown field");
    }

    [Fact]
    public void QuizFieldsInAPoll()
    {
        var errors = Errors(SampleContent.Poll.Replace("kind: poll", "kind: poll\npass_mark: 1") + "\n    correct: 1\n", "polls/sample_poll.yaml");
        HasError(errors, null, "pass_mark", "a poll has no pass mark");
        HasError(errors, "questions[1] choice", "correct", "quiz questions only");
    }

    [Fact]
    public void UnknownAudienceCodes()
    {
        var errors = Errors(SampleContent.Quiz + "\naudience: { governorates: [MN, XX], interests: [wai, sports] }\n");
        HasError(errors, null, "audience.governorates", "unknown code 'XX'");
        HasError(errors, null, "audience.interests", "unknown code 'sports'");
    }

    [Fact]
    public void TwoOptionsAlikeAfterNormalisation() =>
        HasError(Errors(SampleContent.Quiz.Replace("""{ ar: "الإجابة الثانية", en: "Second answer" }""", """{ ar: "الاجابة الأولى", en: "Second answer" }""")),
            "questions[1] first", "options", "two options read the same in 'ar'");

    [Fact]
    public void AQuestionTooLongForThreeSmsParts() =>
        HasError(Errors(SampleContent.Quiz.Replace("السؤال الأول؟", string.Concat(Enumerable.Repeat("سؤال طويل جداً ", 12)).Trim())),
            "questions[1] first", "text.ar", "takes 4 SMS parts");

    [Fact]
    public void ASharedIdKeepsTheFirstFileAndRefusesTheSecond()
    {
        var result = ContentLoader.Load([
            new ContentFile("quizzes/sample_quiz.yaml", SampleContent.Quiz),
            new ContentFile("quizzes/sample_quiz.json", "{}"),
            new ContentFile("polls/sample_poll.yaml", SampleContent.Poll)]);
        Assert.Equal(["sample_poll", "sample_quiz"], result.Loaded.Select(c => c.Id));
        Assert.Equal("quizzes/sample_quiz.json", Assert.Single(result.Invalid).File);
    }

    [Fact]
    public void AnInvalidFileIsLeftOutAndTheRestLoad()
    {
        var result = ContentLoader.Load([
            new ContentFile("quizzes/sample_quiz.yaml", SampleContent.Quiz.Replace("correct: 2", "correct: 9")),
            new ContentFile("polls/sample_poll.yaml", SampleContent.Poll)]);
        Assert.Equal("sample_poll", Assert.Single(result.Loaded).Id);
        Assert.Equal("quizzes/sample_quiz.yaml", Assert.Single(result.Invalid).File);
    }
}

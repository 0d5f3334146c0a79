using OutreachBot.Flows.Content;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Quiz;

/// <summary>QuizFlowDefinition: quizzes or polls from the content catalog as a registered flow; two instances ship, "quiz" and "poll".</summary>
/// <remarks>
/// Two flows rather than one, so each has its own words, menu entry and deep link (quiz_digital_safety, poll_activity_this_month)
/// and lists only its own kind; the conversation is the same <see cref="QuizFlow"/>. Each call works on one snapshot of the
/// catalog, so a reload landing meanwhile never mixes two versions in one answer.
/// </remarks>
public sealed class QuizFlowDefinition : IFlow
{
    public const string QuizName = "quiz";
    public const string PollName = "poll";

    private readonly ContentKind kind;
    private readonly IContentCatalog content;

    private QuizFlowDefinition(ContentKind kind, IContentCatalog content)
    {
        this.kind = kind;
        this.content = content ?? throw new ArgumentNullException(nameof(content));
        StartWords = kind == ContentKind.Quiz ? ["QUIZ", "اختبار", "مسابقة", "/quiz"] : ["POLL", "استطلاع", "/poll"];
    }

    /// <summary>Quizzes: the "quiz" flow.</summary>
    public static QuizFlowDefinition Quizzes(IContentCatalog content) => new(ContentKind.Quiz, content);

    /// <summary>Polls: the "poll" flow.</summary>
    public static QuizFlowDefinition Polls(IContentCatalog content) => new(ContentKind.Poll, content);

    public string Name => kind == ContentKind.Quiz ? QuizName : PollName;
    public IReadOnlyList<string> StartWords { get; }
    public IReadOnlyList<string> IntentPhrases => PhraseBook.Shipped.ForFlow(Name);
    public string? DeepLinkName => Name;
    public string Summary => kind == ContentKind.Quiz
        ? "take an awareness quiz: the quizzes open to you, one question at a time, the right answer explained, your score"
        : "answer an opinion poll";

    public string Title(string language) => Texts.Get(kind == ContentKind.Quiz ? "flow_quiz_title" : "flow_poll_title", language);
    public string HelpPhrase(string language) => Texts.Get(kind == ContentKind.Quiz ? "help_quiz" : "help_poll", language);
    public string MenuLabel(Contact contact, string language) => Texts.Get(kind == ContentKind.Quiz ? "menu_quiz" : "menu_poll", language);

    public void Start(Turn turn, string? args) => Flow(turn).Start(args);
    public void Handle(Turn turn) => Flow(turn).Handle();
    public void Reprompt(Turn turn) => Flow(turn).Reprompt();
    public void LanguageChanged(Turn turn) => Flow(turn).Reprompt();
    public bool OfferResume(Turn turn) => Flow(turn).OfferResume();
    public bool IsFinished(Turn turn) => Flow(turn).IsFinished;

    private QuizFlow Flow(Turn turn) => new(turn, kind, content.Current);
}

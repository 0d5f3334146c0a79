using OutreachBot.Flows.Content;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Flows.Tests.Content;

/// <summary>AudienceAndDatesTests: QUIZ lists only what is open to this contact: their governorate and interests, and Egypt's date at the turn's time.</summary>
public sealed class AudienceAndDatesTests
{
    private static ContentCatalog Catalog(string extra) =>
        ContentCatalog.Empty.Next(ContentLoader.Load([new ContentFile("quizzes/sample_quiz.yaml", SampleContent.Quiz + "\n" + extra + "\n")]));

    private static StepResult Quiz(ContentCatalog catalog, Contact contact, DateTimeOffset now) =>
        new ConversationEngine(new EngineOptions(), FlowRegistry.Standard(new FixedContent(catalog)))
            .Step(contact, new Session(), new Inbound("QUIZ", InboundKind.Text, "sim", ChannelTraits.Simulator), now);

    private static bool Started(StepResult r) => r.Attempts.Count == 1;

    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-12-01T12:00:00+02:00");

    [Fact]
    public void TheAudienceNeedsTheGovernorateAndOneOfTheInterests()
    {
        var catalog = Catalog("audience: { governorates: [MN, AST], interests: [wai, health] }");
        Assert.True(Started(Quiz(catalog, new Contact { Governorate = "MN", Interests = ["education", "health"] }, Noon)));
        Assert.False(Started(Quiz(catalog, new Contact { Governorate = "C", Interests = ["health"] }, Noon)));
        Assert.False(Started(Quiz(catalog, new Contact { Governorate = "MN", Interests = ["education"] }, Noon)));
        var none = Quiz(catalog, new Contact(), Noon);
        Assert.False(Started(none));
        Assert.Equal("لا يوجد اختبار متاح لك الآن. جرّب مرة أخرى بعد أيام.", Assert.Single(none.Replies).Text);
    }

    [Fact]
    public void ActiveDatesAreEgyptianDaysBothIncluded()
    {
        var catalog = Catalog("active: { from: 2026-12-01, to: 2026-12-31 }");
        // 22:30 UTC on 30 November is already 1 December in Cairo (UTC+2 in winter).
        Assert.True(Started(Quiz(catalog, new Contact(), DateTimeOffset.Parse("2026-11-30T22:30:00Z"))));
        Assert.False(Started(Quiz(catalog, new Contact(), DateTimeOffset.Parse("2026-11-30T21:30:00Z"))));
        Assert.True(Started(Quiz(catalog, new Contact(), DateTimeOffset.Parse("2026-12-31T21:59:00Z"))));
        Assert.False(Started(Quiz(catalog, new Contact(), DateTimeOffset.Parse("2026-12-31T22:00:00Z"))));
    }

    [Fact]
    public void ADeepLinkToAClosedQuizSaysSoAndListsWhatIsOpen()
    {
        var catalog = Catalog("active: { to: 2026-01-31 }");
        var engine = new ConversationEngine(new EngineOptions(), FlowRegistry.Standard(new FixedContent(catalog)));
        var result = engine.Step(new Contact(), new Session(),
            new Inbound("/start quiz_sample_quiz", InboundKind.Text, "telegram", ChannelTraits.Telegram, StartPayload: "quiz_sample_quiz-src_fair"), Noon);
        Assert.Equal(["هذا الاختبار أو الاستطلاع غير متاح لك الآن.", "لا يوجد اختبار متاح لك الآن. جرّب مرة أخرى بعد أيام."], result.Replies.Select(r => r.Text));
        Assert.Equal("src_fair", result.Contact.ReferralSource);
        Assert.Empty(result.Attempts);
    }
}

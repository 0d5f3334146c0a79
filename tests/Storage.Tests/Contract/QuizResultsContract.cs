using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;
using OutreachBot.Storage.Results;

namespace OutreachBot.Storage.Tests.Contract;

/// <summary>QuizResultsContract: quiz and poll attempts stored with conversation writes, and the indicators built on them; run on LiteDB and on PostgreSQL.</summary>
public abstract class QuizResultsContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly int[] Right = [2, 2, 3, 4]; // the right option of q1..q4
    private IStoreUnderTest _store = null!;
    private int _messages;

    protected abstract Task<IStoreUnderTest> CreateAsync();

    public async Task InitializeAsync() => _store = await CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task AnAttemptIsStoredWholeAndItsLaterCopyReplacesIt()
    {
        var open = Attempt(0, "wai_quiz", 1, finished: false, 1, 1);
        var contact = await StepAsync("sim:mona", c => { c.Governorate = "MN"; c.Gender = "female"; c.AgeBand = "18-24"; }, open);
        await StepAsync("sim:mona", null, Attempt(contact, "wai_quiz", 1, finished: true, 1, 2, 3, 4));

        var rows = await _store.Results.AttemptsAsync("wai_quiz");

        var row = Assert.Single(rows);
        Assert.Equal(("MN", "female", "18-24"), (row.Governorate, row.Gender, row.AgeBand));
        var stored = row.Attempt;
        Assert.Equal((QuizAttempt.IdOf(contact, "wai_quiz", 1), contact, "quiz", 3, 1, "sim", "ar"),
            (stored.Id, stored.ContactId, stored.Kind, stored.ContentVersion, stored.Number, stored.Channel, stored.Language));
        Assert.Equal((T0, T0.AddMinutes(4), 4, 3, (bool?)true), (stored.StartedAt, stored.FinishedAt, stored.QuestionCount, stored.Score, stored.Passed));
        Assert.Equal(["q1:1:False", "q2:2:True", "q3:3:True", "q4:4:True"], stored.Answers.Select(a => $"{a.QuestionId}:{a.Option}:{a.Correct}"));
        Assert.Empty(await _store.Results.AttemptsAsync("other_quiz"));
    }

    [Fact]
    public async Task AttemptsOfSimulatedContactsAreLeftOutUnlessAskedFor()
    {
        var simulated = await StepAsync("sim:test", c => c.IsSimulated = true, Attempt(0, "wai_quiz", 1, true, 2, 2, 3, 4));
        await StepAsync("sim:real", null, Attempt(0, "wai_quiz", 1, true, 1, 2, 3, 4));

        Assert.DoesNotContain((await _store.Results.AttemptsAsync("wai_quiz")), r => r.Attempt.ContactId == simulated);
        Assert.Equal(2, (await _store.Results.AttemptsAsync("wai_quiz", includeSimulated: true)).Count);
    }

    [Fact]
    public async Task AMergeGivesTheFoldedContactsAttemptsToTheSurvivor()
    {
        const string phone = "+201001234567";
        var sms = await StepAsync("tel:" + phone, c => c.Phone = phone, Attempt(0, "wai_quiz", 1, true, 2, 2, 3, 4), channel: "sms");
        var telegram = await StepAsync("telegram:9", null, Attempt(0, "wai_quiz", 1, true, 1, 1, 1, 1), channel: "telegram");
        var merged = await StepAsync("telegram:9", c => c.Phone = phone, channel: "telegram");

        Assert.Equal(sms, merged);
        var rows = await _store.Results.AttemptsAsync("wai_quiz");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(sms, r.Attempt.ContactId));
        Assert.Contains(rows, r => r.Attempt.Id == QuizAttempt.IdOf(telegram, "wai_quiz", 1));
    }

    [Fact]
    public async Task TheIndicatorsOfASeededStoreAreTheseFigures()
    {
        var a = await StepAsync("sim:a", c => Profile(c, "MN", "female", "18-24"), Attempt(0, "wai_quiz", 1, true, 1, 2, 3, 1));
        await StepAsync("sim:a", null, Attempt(a, "wai_quiz", 2, true, 2, 2, 3, 4), Attempt(a, "activity_poll", 1, true, 3));
        await StepAsync("sim:b", c => Profile(c, "MN", "male", "25-34"), Attempt(0, "wai_quiz", 1, true, 2, 2, 1, 4));
        await StepAsync("sim:c", c => Profile(c, "AS", "female", null), Attempt(0, "wai_quiz", 1, false, 1, 2));
        await StepAsync("sim:d", c => { Profile(c, "AS", "male", "18-24"); c.IsSimulated = true; }, Attempt(0, "wai_quiz", 1, true, 2, 2, 3, 4));

        var report = QuizReportBuilder.Build("wai_quiz", await _store.Results.AttemptsAsync("wai_quiz"));

        Assert.Equal("quiz", report.Kind);
        AssertFigures(report.All, contacts: 3, attempts: 4, completions: 3, first: 2.5, latest: 3.5, pass: 2 / 3.0);
        Assert.Equal(["q1 4 0.500 1:2 2:2", "q2 4 1.000 2:4", "q3 3 0.667 1:1 3:2", "q4 3 0.667 1:1 4:2"], report.All.Questions.Select(Line));
        AssertFigures(report.Group(QuizReport.Governorate, "MN")!, contacts: 2, attempts: 3, completions: 3, first: 2.5, latest: 3.5, pass: 2 / 3.0);
        AssertFigures(report.Group(QuizReport.Governorate, "AS")!, contacts: 1, attempts: 1, completions: 0, first: null, latest: null, pass: null);
        AssertFigures(report.Group(QuizReport.Gender, "female")!, contacts: 2, attempts: 3, completions: 2, first: 2, latest: 4, pass: 0.5);
        AssertFigures(report.Group(QuizReport.AgeBand, QuizReport.Unknown)!, contacts: 1, attempts: 1, completions: 0, first: null, latest: null, pass: null);
        Assert.Null(report.Group(QuizReport.AgeBand, "35-44"));
        Assert.Equal(["governorate/AS", "governorate/MN", "gender/female", "gender/male", "age_band/18-24", "age_band/25-34", "age_band/unknown"],
            report.Groups.Select(g => g.Dimension + "/" + g.Value));

        var poll = QuizReportBuilder.Build("activity_poll", await _store.Results.AttemptsAsync("activity_poll"));
        Assert.Equal("poll", poll.Kind);
        AssertFigures(poll.All, contacts: 1, attempts: 1, completions: 1, first: null, latest: null, pass: null);
        Assert.Equal(["q1 1 - 3:1"], poll.All.Questions.Select(Line));
    }

    private static void Profile(Contact c, string governorate, string gender, string? ageBand) =>
        (c.Governorate, c.Gender, c.AgeBand) = (governorate, gender, ageBand);

    private static void AssertFigures(ReportGroup g, int contacts, int attempts, int completions, double? first, double? latest, double? pass)
    {
        Assert.Equal((contacts, attempts, completions), (g.Contacts, g.Attempts, g.Completions));
        Assert.Equal(first, g.AverageFirstScore);
        Assert.Equal(latest, g.AverageLatestScore);
        Assert.Equal(pass is null ? (double?)null : Math.Round(pass.Value, 6), g.PassRate is null ? (double?)null : Math.Round(g.PassRate.Value, 6));
    }

    private static string Line(QuestionFigures q) =>
        $"{q.QuestionId} {q.Answered} {(q.RightShare is { } r ? r.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-")} " +
        string.Join(" ", q.Options.Select(o => $"{o.Option}:{o.Count}"));

    /// <summary>Attempt: a quiz attempt answering q1, q2... with <paramref name="options"/> (q1..q4 right as <see cref="Right"/>), or a poll's for a "_poll" id; contact 0 is filled in by StepAsync.</summary>
    private static QuizAttempt Attempt(long contact, string content, int number, bool finished, params int[] options)
    {
        var poll = content.EndsWith("_poll", StringComparison.Ordinal);
        var answers = options.Select((o, i) => new QuizAnswer { QuestionId = "q" + (i + 1), Option = o, Correct = poll ? null : o == Right[i] }).ToList();
        var score = answers.Count(x => x.Correct == true);
        return new QuizAttempt
        {
            Id = QuizAttempt.IdOf(contact, content, number), ContactId = contact, ContentId = content, Kind = poll ? "poll" : "quiz",
            ContentVersion = 3, Number = number, Channel = "sim", StartedAt = T0, FinishedAt = finished ? T0.AddMinutes(options.Length) : null,
            QuestionCount = poll ? 1 : 4, Answers = answers,
            Score = finished && !poll ? score : null, Passed = finished && !poll ? score >= 3 : null,
        };
    }

    /// <summary>StepAsync writes one message of <paramref name="urn"/> as the pipeline does, with the attempts the step produced; returns the contact id.</summary>
    private async Task<long> StepAsync(string urn, Action<Contact>? change, params QuizAttempt[] attempts) => await StepAsync(urn, change, attempts, "sim");

    private async Task<long> StepAsync(string urn, Action<Contact>? change, QuizAttempt? attempt = null, string channel = "sim") =>
        await StepAsync(urn, change, attempt is null ? [] : [attempt], channel);

    private async Task<long> StepAsync(string urn, Action<Contact>? change, QuizAttempt[] attempts, string channel)
    {
        var snapshot = await _store.Conversations.LoadAsync(urn);
        var contact = snapshot.Contact?.Clone() ?? new Contact { Id = await _store.Conversations.NextContactIdAsync(), Urns = [urn], CreatedAt = T0, LastSeenAt = T0 };
        change?.Invoke(contact);
        foreach (var a in attempts.Where(a => a.ContactId == 0))
        {
            a.ContactId = contact.Id;
            a.Id = QuizAttempt.IdOf(contact.Id, a.ContentId, a.Number);
        }
        var providerId = "m" + ++_messages;
        var result = await _store.Conversations.WriteAsync(new ConversationWrite
        {
            Inbound = new InboundLogEntry
            {
                Id = InboundLogEntry.KeyOf(channel, providerId), Channel = channel, ProviderId = providerId, ContactId = contact.Id,
                Urn = urn, Text = "1", Kind = "Text", ReceivedAt = T0,
            },
            Contact = contact,
            Session = snapshot.Session?.Clone() ?? new Session { ContactId = contact.Id, Flow = "quiz", UpdatedAt = T0 },
            Outbox = [],
            Attempts = attempts,
            KnownUrns = snapshot.Contact?.Urns ?? [],
            KnownPhone = snapshot.Contact?.Phone,
            ReadAs = snapshot.Contact,
            ReadVersion = snapshot.ContactVersion,
        });
        Assert.Equal(WriteOutcome.Stored, result.Outcome);
        return result.ContactId;
    }
}

public sealed class LiteQuizResultsTests : QuizResultsContract
{
    protected override Task<IStoreUnderTest> CreateAsync() => Task.FromResult<IStoreUnderTest>(new LiteStoreUnderTest());
}

public sealed class PgQuizResultsTests : QuizResultsContract
{
    protected override async Task<IStoreUnderTest> CreateAsync() => await PgStoreUnderTest.CreateAsync();
}

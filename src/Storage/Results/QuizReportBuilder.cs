using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Results;

/// <summary>QuizReportBuilder: the indicators of one quiz or poll from its stored attempts; the same arithmetic whichever store they came from.</summary>
/// <remarks>
/// Every answer given counts for its question, in finished and unfinished attempts alike (a question answered is a
/// question answered); scores and pass rate count finished attempts only. First and latest are per contact, by
/// attempt number, so a campaign's effect shows as the gap between the two averages.
/// </remarks>
public static class QuizReportBuilder
{
    public static QuizReport Build(string contentId, IReadOnlyList<AttemptRow> rows)
    {
        var kind = rows.Select(r => r.Attempt.Kind).FirstOrDefault() ?? "";
        var groups = new List<ReportGroup>();
        foreach (var (dimension, of) in Dimensions)
        {
            groups.AddRange(rows.GroupBy(r => Value(of(r)), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Figures(dimension, g.Key, [.. g])));
        }
        return new QuizReport(contentId, kind, Figures("all", "all", rows), groups);
    }

    private static readonly (string Dimension, Func<AttemptRow, string?> Of)[] Dimensions =
    [
        (QuizReport.Governorate, r => r.Governorate),
        (QuizReport.Gender, r => r.Gender),
        (QuizReport.AgeBand, r => r.AgeBand),
    ];

    private static string Value(string? field) => string.IsNullOrWhiteSpace(field) ? QuizReport.Unknown : field;

    private static ReportGroup Figures(string dimension, string value, IReadOnlyList<AttemptRow> rows)
    {
        var attempts = rows.Select(r => r.Attempt).ToList();
        var finished = attempts.Where(a => a.FinishedAt is not null).ToList();
        var scored = finished.Where(a => a.Score is not null).ToList();
        var byContact = scored.GroupBy(a => a.ContactId).Select(g => g.OrderBy(a => a.Number).ToList()).ToList();
        return new ReportGroup(dimension, value,
            Contacts: attempts.Select(a => a.ContactId).Distinct().Count(),
            Attempts: attempts.Count,
            Completions: finished.Count,
            AverageFirstScore: byContact.Count == 0 ? null : byContact.Average(a => (double)a[0].Score!.Value),
            AverageLatestScore: byContact.Count == 0 ? null : byContact.Average(a => (double)a[^1].Score!.Value),
            PassRate: scored.Count == 0 ? null : scored.Count(a => a.Passed == true) / (double)scored.Count,
            Questions: Questions(attempts));
    }

    private static List<QuestionFigures> Questions(List<QuizAttempt> attempts)
    {
        var answers = attempts.SelectMany(a => a.Answers).ToList();
        // Answers are kept in question order, so a question's place in its attempts is its place in the quiz.
        var order = attempts.SelectMany(a => a.Answers.Select((answer, index) => (answer.QuestionId, index)))
            .GroupBy(q => q.QuestionId, StringComparer.Ordinal)
            .OrderBy(g => g.Min(q => q.index)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        return [.. order.Select(question =>
        {
            var given = answers.Where(a => a.QuestionId == question).ToList();
            var judged = given.Where(a => a.Correct is not null).ToList();
            return new QuestionFigures(question, given.Count,
                judged.Count == 0 ? null : judged.Count(a => a.Correct == true) / (double)judged.Count,
                [.. given.GroupBy(a => a.Option).OrderBy(g => g.Key).Select(g => new OptionShare(g.Key, g.Count(), g.Count() / (double)given.Count))]);
        })];
    }
}

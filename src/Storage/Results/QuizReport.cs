namespace OutreachBot.Storage.Results;

/// <summary>QuizReport: the indicators of one quiz or poll: the figures over everyone, then split by governorate, gender and age band.</summary>
public sealed record QuizReport(string ContentId, string Kind, ReportGroup All, IReadOnlyList<ReportGroup> Groups)
{
    public const string Governorate = "governorate";
    public const string Gender = "gender";
    public const string AgeBand = "age_band";

    /// <summary>Unknown: the group of contacts who did not give the field.</summary>
    public const string Unknown = "unknown";

    /// <summary>Group: the figures of one value of one dimension ("governorate", "MN"), or null when nobody has it.</summary>
    public ReportGroup? Group(string dimension, string value) => Groups.FirstOrDefault(g => g.Dimension == dimension && g.Value == value);
}

/// <summary>ReportGroup: the figures of one set of contacts.</summary>
/// <param name="Contacts">Contacts with at least one attempt.</param>
/// <param name="Attempts">Attempts started, retakes included.</param>
/// <param name="Completions">Attempts finished.</param>
/// <param name="AverageFirstScore">Over contacts who finished it: the score of their first finished attempt (what they knew before); null for a poll or when none finished.</param>
/// <param name="AverageLatestScore">Over the same contacts: the score of their latest finished attempt (what they know now).</param>
/// <param name="PassRate">Share of finished quiz attempts that reached the pass mark.</param>
/// <param name="Questions">Per question, in quiz order: answers given, the share right (quizzes) and each option's share.</param>
public sealed record ReportGroup(string Dimension, string Value, int Contacts, int Attempts, int Completions,
    double? AverageFirstScore, double? AverageLatestScore, double? PassRate, IReadOnlyList<QuestionFigures> Questions);

/// <summary>QuestionFigures: how one question was answered.</summary>
/// <param name="RightShare">Share of its answers that were right; null for a poll.</param>
/// <param name="Options">Each chosen option and its share of the question's answers, by option number.</param>
public sealed record QuestionFigures(string QuestionId, int Answered, double? RightShare, IReadOnlyList<OptionShare> Options);

public sealed record OptionShare(int Option, int Count, double Share);

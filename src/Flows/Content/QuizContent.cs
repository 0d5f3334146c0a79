using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Content;

/// <summary>ContentKind: what a content file holds: a quiz (right answers, a pass mark) or a poll (opinions only).</summary>
public enum ContentKind { Quiz, Poll }

/// <summary>LocalizedText: one text in Arabic and English, both required by the content contract.</summary>
public sealed record LocalizedText(string Ar, string En)
{
    /// <summary>In: the text in <paramref name="language"/>; Arabic unless English was asked for.</summary>
    public string In(string language) => language == Languages.English ? En : Ar;
}

/// <summary>QuizOption: one answer of a question, with the code a poll stores instead of its number (or null).</summary>
public sealed record QuizOption(LocalizedText Text, string? Code);

/// <summary>QuizQuestion: one question with 2 to 4 options; for a quiz also its right option, explanation and source.</summary>
/// <param name="Correct">1-based number of the right option (quizzes), else null.</param>
public sealed record QuizQuestion(
    string Id,
    LocalizedText Text,
    IReadOnlyList<QuizOption> Options,
    int? Correct,
    LocalizedText? Explanation,
    string? Source)
{
    /// <summary>Labels: the options' texts in <paramref name="language"/>, in file order.</summary>
    public IReadOnlyList<string> Labels(string language) => [.. Options.Select(o => o.Text.In(language))];
}

/// <summary>QuizCompletion: what is sent after the last answer: passed / failed for a quiz, one text (Passed) for a poll.</summary>
public sealed record QuizCompletion(LocalizedText Passed, LocalizedText? Failed);

/// <summary>QuizAudience: who may receive a file; a list left null does not restrict.</summary>
public sealed record QuizAudience(IReadOnlyList<string>? Governorates, IReadOnlyList<string>? Interests)
{
    /// <summary>Includes: the contact's governorate is listed (when a list is given) and one of their interests is (likewise).</summary>
    public bool Includes(Contact contact) =>
        (Governorates is null || (contact.Governorate is { } g && Governorates.Contains(g)))
        && (Interests is null || contact.Interests.Any(Interests.Contains));
}

/// <summary>ActiveDates: the days a file is offered, both ends included, in Egypt's local date; a null end is open.</summary>
public sealed record ActiveDates(DateOnly? From, DateOnly? To)
{
    public bool Includes(DateOnly day) => (From is null || day >= From) && (To is null || day <= To);
}

/// <summary>QuizContent: one quiz or poll file as validated, immutable; the flow reads it, never the file.</summary>
/// <param name="File">Path inside the content folder ("quizzes/digital_safety.yaml"), for errors and logs.</param>
/// <param name="PassMark">Right answers needed to pass (quizzes), else null.</param>
public sealed record QuizContent(
    string File,
    string Id,
    int Version,
    ContentKind Kind,
    LocalizedText Title,
    LocalizedText Intro,
    int? PassMark,
    QuizCompletion Completion,
    IReadOnlyList<QuizQuestion> Questions,
    QuizAudience? Audience,
    ActiveDates? Active)
{
    /// <summary>KindName: "quiz" or "poll", as attempts store it.</summary>
    public string KindName => Kind == ContentKind.Quiz ? "quiz" : "poll";

    /// <summary>IsOpenTo: the contact is in the audience and <paramref name="cairoToday"/> is within the active dates.</summary>
    public bool IsOpenTo(Contact contact, DateOnly cairoToday) =>
        (Audience is null || Audience.Includes(contact)) && (Active is null || Active.Includes(cairoToday));
}

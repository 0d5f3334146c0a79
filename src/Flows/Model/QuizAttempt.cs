namespace OutreachBot.Flows.Model;

/// <summary>QuizAttempt: one go by one contact at a quiz or a poll, as stored for the indicators.</summary>
/// <remarks>
/// A flow step that starts, answers or finishes an attempt hands the whole record back in <see cref="StepResult.Attempts"/>;
/// the store keeps the latest copy by <see cref="Id"/>, so an attempt left half-way is counted as started, not finished.
/// </remarks>
public sealed class QuizAttempt
{
    /// <summary>"{ContactId}:{ContentId}:{Number}": one contact's n-th go at one quiz or poll.</summary>
    public string Id { get; set; } = "";

    public long ContactId { get; set; }

    /// <summary>The quiz or poll's id in its content file.</summary>
    public string ContentId { get; set; } = "";

    /// <summary>"quiz" or "poll".</summary>
    public string Kind { get; set; } = "";

    /// <summary>The content file's version the attempt was started on (a reload never changes a started attempt).</summary>
    public int ContentVersion { get; set; }

    /// <summary>1 for the contact's first go at this content, 2 for the first retake, and so on.</summary>
    public int Number { get; set; }

    public string Channel { get; set; } = "";
    public string Language { get; set; } = Languages.Arabic;
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When the last question was answered; null while the attempt is open.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Questions in the version attempted.</summary>
    public int QuestionCount { get; set; }

    /// <summary>The answers given so far, in question order.</summary>
    public List<QuizAnswer> Answers { get; set; } = [];

    /// <summary>Right answers, for a finished quiz; null for a poll or an open attempt.</summary>
    public int? Score { get; set; }

    /// <summary>Score reached the pass mark, for a finished quiz; null otherwise.</summary>
    public bool? Passed { get; set; }

    public static string IdOf(long contactId, string contentId, int number) => $"{contactId}:{contentId}:{number}";

    public QuizAttempt Clone()
    {
        var copy = (QuizAttempt)MemberwiseClone();
        copy.Answers = [.. Answers.Select(a => a.Clone())];
        return copy;
    }
}

/// <summary>QuizAnswer: the option chosen for one question.</summary>
public sealed class QuizAnswer
{
    public string QuestionId { get; set; } = "";

    /// <summary>The chosen option, 1-based as in the content file.</summary>
    public int Option { get; set; }

    /// <summary>Whether it was the right option (quizzes); null for polls.</summary>
    public bool? Correct { get; set; }

    public QuizAnswer Clone() => (QuizAnswer)MemberwiseClone();
}

/// <summary>QuizScores: one contact's scores at one quiz, kept on the contact: the first go measures what they knew before, the latest what they know now.</summary>
public sealed class QuizScores
{
    public int Attempts { get; set; }
    public int Finished { get; set; }
    public int? First { get; set; }
    public int? Best { get; set; }
    public int? Latest { get; set; }
    public int QuestionCount { get; set; }

    public QuizScores Clone() => (QuizScores)MemberwiseClone();

    /// <summary>Merge: one person's scores kept on two contacts that turn out to be the same person; the older contact's first go came first.</summary>
    public static Dictionary<string, QuizScores> Merge(Dictionary<string, QuizScores> older, Dictionary<string, QuizScores> newer)
    {
        var merged = older.ToDictionary(s => s.Key, s => s.Value.Clone());
        foreach (var (quiz, theirs) in newer)
        {
            if (!merged.TryGetValue(quiz, out var ours))
            {
                merged[quiz] = theirs.Clone();
                continue;
            }
            ours.Attempts += theirs.Attempts;
            ours.Finished += theirs.Finished;
            ours.First ??= theirs.First;
            ours.Best = ours.Best is null ? theirs.Best : theirs.Best is null ? ours.Best : Math.Max(ours.Best.Value, theirs.Best.Value);
            ours.Latest = theirs.Latest ?? ours.Latest;
            ours.QuestionCount = theirs.Latest is null ? ours.QuestionCount : theirs.QuestionCount;
        }
        return merged;
    }
}

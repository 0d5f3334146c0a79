using OutreachBot.Flows.Content;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Quiz;

/// <summary>QuizResults: the attempt record and the contact's scores, worked out from the open attempt and the version it runs on.</summary>
internal static class QuizResults
{
    /// <summary>NextNumber: the contact's next go at <paramref name="contentId"/> (1 for the first).</summary>
    public static int NextNumber(Contact contact, string contentId) =>
        (contact.QuizScores.GetValueOrDefault(contentId)?.Attempts ?? 0) + 1;

    /// <summary>Started: counts the attempt on the contact as it starts, so a retake gets the next number even if this one is left open.</summary>
    public static void Started(Contact contact, QuizContent content)
    {
        if (!contact.QuizScores.TryGetValue(content.Id, out var scores))
            contact.QuizScores[content.Id] = scores = new QuizScores { QuestionCount = content.Questions.Count };
        scores.Attempts++;
    }

    /// <summary>Finished: a finished quiz updates first, best and latest score; a finished poll only its count.</summary>
    public static void Finished(Contact contact, QuizContent content, QuizAttempt attempt)
    {
        var scores = contact.QuizScores.GetValueOrDefault(content.Id) ?? new QuizScores { Attempts = 1 };
        contact.QuizScores[content.Id] = scores;
        scores.Finished++;
        scores.QuestionCount = content.Questions.Count;
        if (attempt.Score is not { } score) return;
        scores.First ??= score;
        scores.Best = Math.Max(scores.Best ?? score, score);
        scores.Latest = score;
    }

    /// <summary>Attempt: the whole record of the open attempt as it stands; finished when every question is answered.</summary>
    public static QuizAttempt Attempt(Contact contact, QuizProgress progress, QuizContent content, DateTimeOffset now)
    {
        var chosen = progress.Chosen;
        var attempt = new QuizAttempt
        {
            Id = QuizAttempt.IdOf(contact.Id, content.Id, progress.Number),
            ContactId = contact.Id,
            ContentId = content.Id,
            Kind = content.KindName,
            ContentVersion = content.Version,
            Number = progress.Number,
            Channel = progress.Channel,
            Language = progress.Language,
            StartedAt = progress.StartedAt,
            QuestionCount = content.Questions.Count,
        };
        for (var i = 0; i < chosen.Count && i < content.Questions.Count; i++)
        {
            var question = content.Questions[i];
            attempt.Answers.Add(new QuizAnswer { QuestionId = question.Id, Option = chosen[i], Correct = question.Correct is { } right ? right == chosen[i] : null });
        }
        if (chosen.Count < content.Questions.Count) return attempt;
        attempt.FinishedAt = now;
        if (content.Kind == ContentKind.Quiz)
        {
            attempt.Score = attempt.Answers.Count(a => a.Correct == true);
            attempt.Passed = attempt.Score >= content.PassMark;
        }
        return attempt;
    }
}

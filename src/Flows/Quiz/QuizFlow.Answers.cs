using OutreachBot.Flows.Content;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;

namespace OutreachBot.Flows.Quiz;

/// <summary>QuizFlow (answers): a choice from the list, an answer to the current question, continue or restart after a lapse.</summary>
internal sealed partial class QuizFlow
{
    private void AnswerList()
    {
        // The numbers mean what was shown, even if a reload changed the catalog since.
        var listed = Progress.Listed.Select(id => catalog.Find(id)).OfType<QuizContent>().Where(c => c.IsOpenTo(turn.Contact, Today)).ToList();
        if (listed.Count == 0) { ShowOpen(); return; }
        var index = TolerantChoice.Index(turn.Normalized, [.. listed.Select(c => (IReadOnlyList<string>)[c.Title.Ar, c.Title.En])]);
        if (index < 0)
        {
            Retries.Failed(turn, () => AskList(listed, T("bad_quiz_pick")), () => T("hint_quiz_pick"));
            return;
        }
        Begin(listed[index]);
    }

    private void AnswerQuestion()
    {
        if (Attempted() is not { } content) { Updated(); return; }
        var progress = Progress;
        var question = content.Questions[Math.Min(progress.Chosen.Count, content.Questions.Count - 1)];
        var index = TolerantChoice.Index(turn.Normalized, [.. question.Options.Select(o => (IReadOnlyList<string>)[o.Text.Ar, o.Text.En])]);
        if (index < 0)
        {
            Retries.Failed(turn, () => RepromptAnswer(question), () => T("hint_answer"));
            return;
        }
        turn.Session.Attempts = 0;
        progress.Choose(index + 1);
        var attempt = QuizResults.Attempt(turn.Contact, progress, content, turn.Now);
        if (question.Correct is { } right) Feedback(question, right, index + 1);
        if (attempt.FinishedAt is null)
        {
            turn.Record(attempt);
            Fire(Trigger.Next);
            return;
        }
        QuizResults.Finished(turn.Contact, content, attempt);
        turn.Record(attempt);
        Complete(content, attempt);
        Fire(Trigger.Complete);
    }

    private void AnswerResume()
    {
        var index = ChoiceParser.Single(turn.Normalized, ResumeActions) is { } action ? ResumeActions.IndexOf(action) : -1;
        if (index < 0)
        {
            Retries.Failed(turn, () => AskResume(T("bad_quiz_resume")), () => T("hint_quiz_resume"));
            return;
        }
        turn.Session.Attempts = 0;
        if (index == 0 && Attempted() is not null) { Fire(Trigger.Continue); return; }
        // Starting again is a new attempt at the version now in force; the one left open stays counted as started.
        if (Progress.ContentId is { } id && Open.FirstOrDefault(c => c.Id == id) is { } again) Begin(again);
        else ShowOpen();
    }

    /// <summary>Updated: the version the attempt started on is gone (the service restarted after an edit): start the new one.</summary>
    private void Updated()
    {
        var id = Progress.ContentId;
        var now = Open.FirstOrDefault(c => c.Id == id);
        if (now is null) { ShowOpen(); return; }
        turn.Say(T("quiz_updated", now.Title.In(turn.Language)));
        Begin(now);
    }

    /// <summary>Complete: the score (quizzes) and completion text, then the next quiz the contact has not finished, offered by the engine.</summary>
    private void Complete(QuizContent content, QuizAttempt attempt)
    {
        var lang = turn.Language;
        var text = attempt.Score is { } score
            ? T("quiz_score", score, content.Questions.Count) + "\n" + (attempt.Passed == true ? content.Completion.Passed : content.Completion.Failed!).In(lang)
            : content.Completion.Passed.In(lang);
        var next = catalog.OpenTo(turn.Contact, ContentKind.Quiz, Today)
            .FirstOrDefault(c => c.Id != content.Id && (turn.Contact.QuizScores.GetValueOrDefault(c.Id)?.Finished ?? 0) == 0);
        if (next is not null)
        {
            text += "\n" + T("quiz_next", next.Title.In(lang));
            turn.OfferNext(QuizFlowDefinition.QuizName, next.Id);
        }
        turn.Say(text, KeyboardAction.Remove);
    }
}

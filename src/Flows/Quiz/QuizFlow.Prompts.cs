using OutreachBot.Flows.Content;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;

namespace OutreachBot.Flows.Quiz;

/// <summary>QuizFlow (prompts): the list, each question with its options (buttons or a numbered list), feedback and the resume question.</summary>
/// <remarks>A question goes out as its text and options only: content/README.md holds that to 3 SMS parts, with no room for a header.</remarks>
internal sealed partial class QuizFlow
{
    private void AskList(IReadOnlyList<QuizContent> open, string? lead)
    {
        var question = T(kind == ContentKind.Quiz ? "quiz_pick" : "poll_pick");
        turn.Ask(lead is null ? question : lead + "\n" + question, [.. open.Select(c => c.Title.In(turn.Language))]);
    }

    private void AskQuestion()
    {
        if (Attempted() is not { } content) { Updated(); return; }
        var index = Math.Min(Progress.Chosen.Count, content.Questions.Count - 1);
        var question = content.Questions[index];
        turn.Ask(question.Text.In(turn.Language), question.Labels(turn.Language));
    }

    /// <summary>RepromptAnswer: on SMS only the line saying what to send (the question is already on the phone); elsewhere that line with the options again.</summary>
    private void RepromptAnswer(QuizQuestion question)
    {
        var line = T("bad_answer", question.Options.Count);
        if (turn.Traits.IsSms) turn.Say(line);
        else turn.Ask(line, question.Labels(turn.Language));
    }

    /// <summary>Feedback: right or the right number, then the explanation, in one message (content keeps it within 3 SMS parts).</summary>
    private void Feedback(QuizQuestion question, int right, int chosen)
    {
        var verdict = chosen == right ? T("answer_right") : T("answer_wrong", right);
        turn.Say(verdict + "\n" + question.Explanation!.In(turn.Language));
    }

    private void AskResume() => AskResume(null);

    private void AskResume(string? lead)
    {
        var content = Attempted();
        var title = content?.Title.In(turn.Language) ?? "";
        var total = content?.Questions.Count ?? 0;
        var text = T("quiz_resume", title, Math.Min(Progress.Chosen.Count + 1, total), total);
        turn.Ask(lead is null ? text : lead + "\n" + text, ResumeLabels());
    }

    private static readonly List<ChoiceOption> ResumeActions =
        [new("resume", "resume_continue", ["resume", "continue", "كمل", "اكمل"]), new("restart", "resume_restart", ["restart", "من الاول", "ابدا من الاول"])];

    private IReadOnlyList<string> ResumeLabels() => [.. ResumeActions.Select(a => a.Label(turn.Language))];
}

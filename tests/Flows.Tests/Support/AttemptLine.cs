using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>AttemptLine: one attempt as a transcript line: id, kind and version, channel and language, times, answers, score.</summary>
/// <example>1:digital_safety:1 quiz v1 sms ar started 08:01 finished 08:09; otp_caller=2 right, prize_message=1 wrong; score 5 passed</example>
public static class AttemptLine
{
    public static string Of(QuizAttempt a)
    {
        var answers = string.Join(", ", a.Answers.Select(x => $"{x.QuestionId}={x.Option}" + (x.Correct is { } c ? c ? " right" : " wrong" : "")));
        var finished = a.FinishedAt is { } f ? " finished " + ContactSnapshot.Time(f) : " open";
        var score = a.Score is { } s ? $"; score {s}/{a.QuestionCount} " + (a.Passed == true ? "passed" : "not passed") : "";
        return $"{a.Id} {a.Kind} v{a.ContentVersion} #{a.Number} {a.Channel} {a.Language} started {ContactSnapshot.Time(a.StartedAt)}{finished}; "
            + $"{a.Answers.Count}/{a.QuestionCount} answered" + (answers.Length == 0 ? "" : ": " + answers) + score;
    }
}

namespace OutreachBot.Flows.Model;

/// <summary>StepResult: what one step of the conversation produced: new contact, new session, replies to send.</summary>
public sealed record StepResult(Contact Contact, Session Session, IReadOnlyList<Reply> Replies)
{
    /// <summary>Quiz or poll attempts the step started, answered or finished, each whole (see <see cref="QuizAttempt"/>).</summary>
    public IReadOnlyList<QuizAttempt> Attempts { get; init; } = [];
}

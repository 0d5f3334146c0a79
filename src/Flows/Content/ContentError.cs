namespace OutreachBot.Flows.Content;

/// <summary>ContentError: one rule a content file breaks, naming the file, the question (when it is about one) and the field.</summary>
/// <param name="File">Path inside the content folder, e.g. "quizzes/digital_safety.yaml".</param>
/// <param name="Question">"questions[2] otp_caller", or null for a file-level field.</param>
/// <param name="Field">The field at fault ("correct", "title.en", "active.from").</param>
public sealed record ContentError(string File, string? Question, string Field, string Message)
{
    public override string ToString() => Question is null ? $"{File}: {Field}: {Message}" : $"{File}: {Question}: {Field}: {Message}";
}

/// <summary>ContentFileErrors: every error of one file that was left out.</summary>
public sealed record ContentFileErrors(string File, IReadOnlyList<ContentError> Errors)
{
    /// <summary>Summary: one line for logs and /healthz: the file and its first errors.</summary>
    public string Summary => $"{File}: {Errors.Count} error{(Errors.Count == 1 ? "" : "s")}: "
        + string.Join("; ", Errors.Take(3).Select(e => e.Question is null ? $"{e.Field}: {e.Message}" : $"{e.Question}: {e.Field}: {e.Message}"))
        + (Errors.Count > 3 ? "; ..." : "");
}

/// <summary>ContentFile: one file's path inside the content folder and its text, as the host read it.</summary>
public sealed record ContentFile(string Path, string Text);

namespace OutreachBot.Storage.Results;

/// <summary>IQuizResults: the stored attempts at one quiz or poll, with the profile fields the indicators split by.</summary>
public interface IQuizResults
{
    /// <summary>AttemptsAsync reads every attempt at <paramref name="contentId"/> with its contact's governorate, gender and age band.</summary>
    /// <remarks>Contacts made through the simulator are left out unless <paramref name="includeSimulated"/>, as every indicator leaves them out.</remarks>
    Task<IReadOnlyList<AttemptRow>> AttemptsAsync(string contentId, bool includeSimulated = false, CancellationToken ct = default);
}

/// <summary>AttemptRow: one attempt and who made it, as the indicators see them.</summary>
public sealed record AttemptRow(Flows.Model.QuizAttempt Attempt, string? Governorate, string? Gender, string? AgeBand);

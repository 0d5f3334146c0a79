using OutreachBot.Storage.Results;

namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteQuizResults: one quiz's attempts read on the storage thread, through the content index, with their contacts.</summary>
/// <remarks>One read holds the storage thread for the whole quiz: fine at the embedded store's size (a governorate office, a pilot); a national rollout runs on PostgreSQL.</remarks>
internal sealed class LiteQuizResults(StorageWriter writer) : IQuizResults
{
    public Task<IReadOnlyList<AttemptRow>> AttemptsAsync(string contentId, bool includeSimulated = false, CancellationToken ct = default) =>
        writer.ReadAsync<IReadOnlyList<AttemptRow>>(store =>
        {
            var rows = new List<AttemptRow>();
            var contacts = new Dictionary<long, Flows.Model.Contact?>();
            foreach (var attempt in store.QuizAttempts.Find(a => a.ContentId == contentId))
            {
                if (!contacts.TryGetValue(attempt.ContactId, out var contact))
                    contacts[attempt.ContactId] = contact = store.Contacts.FindById(attempt.ContactId);
                if (contact is null || (contact.IsSimulated && !includeSimulated)) continue;
                rows.Add(new AttemptRow(attempt, contact.Governorate, contact.Gender, contact.AgeBand));
            }
            return rows;
        });
}

using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Repositories;

/// <summary>ContactMerge folds one contact into another when they turn out to be the same person.</summary>
/// <remarks>
/// Merges happen only on a phone the channel vouches for or the person proved (<see cref="Contact.Phone"/>), never on a
/// typed one. Even then the older record's answers stay: the flow asks the person about each answer that differs and
/// changes it only on a yes. An opt-out is never undone by a merge: a Stopped record stays Stopped until START.
/// </remarks>
public static class ContactMerge
{
    /// <summary>Fold gives <paramref name="survivor"/> every URN of <paramref name="merged"/>; the older record's answers stay and the newer's fill only its gaps.</summary>
    public static void Fold(Contact survivor, Contact merged)
    {
        var older = survivor.Id <= merged.Id ? survivor : merged; // ids are allocated in order, so the lower is the older
        var newer = ReferenceEquals(older, survivor) ? merged : survivor;
        var lastSeen = merged.LastSeenAt >= survivor.LastSeenAt ? merged : survivor;

        survivor.Urns = [.. survivor.Urns.Union(merged.Urns)];
        survivor.Name = older.Name ?? newer.Name;
        survivor.Language = lastSeen.Language; // the language the person speaks now
        survivor.Governorate = older.Governorate ?? newer.Governorate;
        survivor.Village = older.Village ?? newer.Village;
        survivor.Phone = lastSeen.Phone ?? older.Phone ?? newer.Phone;
        survivor.UnverifiedPhone = older.UnverifiedPhone ?? newer.UnverifiedPhone;
        if (survivor.UnverifiedPhone == survivor.Phone) survivor.UnverifiedPhone = null;
        survivor.AgeBand = older.AgeBand ?? newer.AgeBand;
        survivor.Gender = older.Gender ?? newer.Gender;
        survivor.Interests = older.Interests.Count > 0 ? older.Interests : newer.Interests;
        survivor.Availability = older.Availability.Count > 0 ? older.Availability : newer.Availability;
        survivor.Consent = older.Consent ?? newer.Consent;
        survivor.QuizScores = QuizScores.Merge(older.QuizScores, newer.QuizScores);
        survivor.ReferralSource = older.ReferralSource ?? newer.ReferralSource;
        survivor.VolunteerNumber = older.VolunteerNumber ?? newer.VolunteerNumber;
        survivor.RegisteredAt = older.RegisteredAt ?? newer.RegisteredAt;
        survivor.CreatedAt = older.CreatedAt <= newer.CreatedAt ? older.CreatedAt : newer.CreatedAt;
        survivor.LastSeenAt = lastSeen.LastSeenAt;
        survivor.Status = older.Status == ContactStatus.Stopped || newer.Status == ContactStatus.Stopped
            ? ContactStatus.Stopped
            : lastSeen.Status;
        // A simulated contact stays marked, whatever it joins, so indicators can keep leaving it out.
        survivor.IsSimulated = survivor.IsSimulated || merged.IsSimulated;
        if (survivor.Phone is not null && !survivor.Urns.Contains("tel:" + survivor.Phone)) survivor.Urns.Add("tel:" + survivor.Phone);
    }
}

using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Repositories;

/// <summary>ContactMerge folds one contact into another when they turn out to be the same person.</summary>
public static class ContactMerge
{
    /// <summary>Fold gives <paramref name="survivor"/> every URN of <paramref name="merged"/> and fills the profile fields it lacks.</summary>
    /// <remarks>The newer answer wins for a field both have, since the person just gave it.</remarks>
    public static void Fold(Contact survivor, Contact merged)
    {
        var newer = merged.LastSeenAt >= survivor.LastSeenAt ? merged : survivor;
        var older = ReferenceEquals(newer, merged) ? survivor : merged;

        survivor.Urns = [.. survivor.Urns.Union(merged.Urns)];
        if (survivor.Phone is not null && !survivor.Urns.Contains("tel:" + survivor.Phone)) survivor.Urns.Add("tel:" + survivor.Phone);
        survivor.Name = newer.Name ?? older.Name;
        survivor.Language = newer.Language;
        survivor.Governorate = newer.Governorate ?? older.Governorate;
        survivor.Village = newer.Village ?? older.Village;
        survivor.Phone = newer.Phone ?? older.Phone;
        survivor.AgeBand = newer.AgeBand ?? older.AgeBand;
        survivor.Gender = newer.Gender ?? older.Gender;
        survivor.Interests = newer.Interests.Count > 0 ? newer.Interests : older.Interests;
        survivor.Availability = newer.Availability.Count > 0 ? newer.Availability : older.Availability;
        survivor.Consent = newer.Consent ?? older.Consent;
        survivor.ReferralSource = survivor.ReferralSource ?? merged.ReferralSource;
        survivor.VolunteerNumber = survivor.VolunteerNumber ?? merged.VolunteerNumber;
        survivor.RegisteredAt = survivor.RegisteredAt ?? merged.RegisteredAt;
        survivor.CreatedAt = survivor.CreatedAt <= merged.CreatedAt ? survivor.CreatedAt : merged.CreatedAt;
        survivor.LastSeenAt = newer.LastSeenAt;
        survivor.Status = newer.Status;
    }
}

using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.SignUp;

/// <summary>ProfileFields: moves the volunteer profile between Session.Answers and the Contact.</summary>
internal static class ProfileFields
{
    /// <summary>Seed: answers filled from a registered contact, so the same edit steps can update it.</summary>
    public static void Seed(Dictionary<string, string> answers, Contact contact)
    {
        Put(answers, AnswerKeys.Name, contact.Name);
        Put(answers, AnswerKeys.Governorate, contact.Governorate);
        Put(answers, AnswerKeys.Village, contact.Village);
        Put(answers, AnswerKeys.Phone, contact.Phone);
        Put(answers, AnswerKeys.PhoneUnverified, contact.UnverifiedPhone);
        Put(answers, AnswerKeys.AgeBand, contact.AgeBand);
        Put(answers, AnswerKeys.Gender, contact.Gender);
        Put(answers, AnswerKeys.Interests, string.Join(',', contact.Interests));
        Put(answers, AnswerKeys.Availability, string.Join(',', contact.Availability));
    }

    /// <summary>Apply: copies the collected answers onto the contact's profile fields.</summary>
    public static void Apply(Dictionary<string, string> answers, Contact contact)
    {
        contact.Name = answers.GetValueOrDefault(AnswerKeys.Name);
        contact.Governorate = answers.GetValueOrDefault(AnswerKeys.Governorate);
        contact.Village = answers.GetValueOrDefault(AnswerKeys.Village);
        // A vouched or proven number is never dropped here; a typed one is only ever stored as unverified.
        contact.Phone = answers.GetValueOrDefault(AnswerKeys.Phone) ?? contact.Phone;
        contact.UnverifiedPhone = answers.GetValueOrDefault(AnswerKeys.PhoneUnverified);
        contact.AgeBand = answers.GetValueOrDefault(AnswerKeys.AgeBand);
        contact.Gender = answers.GetValueOrDefault(AnswerKeys.Gender);
        contact.Interests = List(answers.GetValueOrDefault(AnswerKeys.Interests));
        contact.Availability = List(answers.GetValueOrDefault(AnswerKeys.Availability));
    }

    /// <summary>Clear: removes every profile field (a refused consent keeps nothing but the refusal).</summary>
    public static void Clear(Contact contact)
    {
        contact.Name = null;
        contact.Governorate = null;
        contact.Village = null;
        contact.Phone = null;
        contact.UnverifiedPhone = null;
        contact.AgeBand = null;
        contact.Gender = null;
        contact.Interests = [];
        contact.Availability = [];
    }

    /// <summary>Keys: the answers that make up the profile, in the order the summary shows them (the phones excluded).</summary>
    public static readonly string[] Keys =
        [AnswerKeys.Name, AnswerKeys.Governorate, AnswerKeys.Village, AnswerKeys.AgeBand, AnswerKeys.Gender, AnswerKeys.Interests, AnswerKeys.Availability];

    /// <summary>List: a comma-joined answer as a list of codes.</summary>
    public static List<string> List(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : [.. joined.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    private static void Put(Dictionary<string, string> answers, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) answers[key] = value;
    }
}

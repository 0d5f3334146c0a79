namespace OutreachBot.Flows.SignUp;

/// <summary>AnswerKeys: the names under which sign-up answers (and a few flow markers) live in Session.Answers.</summary>
internal static class AnswerKeys
{
    public const string Language = "language";
    public const string Name = "name";
    public const string Governorate = "governorate";
    public const string Village = "village";
    public const string Phone = "phone";
    public const string AgeBand = "age";
    public const string Gender = "gender";
    public const string Interests = "interests";
    public const string Availability = "availability";
    public const string ConsentAt = "consent_at";

    /// <summary>Editing: one field is being changed from the summary; a valid answer returns to the summary.</summary>
    public const string Editing = "_editing";

    /// <summary>Profile: a registered volunteer is viewing or updating the profile; edits apply at once.</summary>
    public const string Profile = "_profile";

    /// <summary>ResumeAt: the step a lapsed session was on, for "resume".</summary>
    public const string ResumeAt = "_resume_at";
}

namespace OutreachBot.Flows.SignUp;

/// <summary>AnswerKeys: the names under which sign-up answers (and a few flow markers) live in Session.Answers.</summary>
internal static class AnswerKeys
{
    public const string Language = "language";
    public const string Name = "name";
    public const string Governorate = "governorate";
    public const string Village = "village";
    /// <summary>Phone: a number the channel vouches for or the person proved; it becomes <c>Contact.Phone</c>.</summary>
    public const string Phone = "phone";

    /// <summary>PhoneUnverified: a typed number not proven; it becomes <c>Contact.UnverifiedPhone</c> and claims nothing.</summary>
    public const string PhoneUnverified = "phone_unverified";
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

    /// <summary>VerifyPhone: the typed number a code was sent to.</summary>
    public const string VerifyPhone = "_verify_phone";

    /// <summary>CodeHash and CodeSalt: the salted hash of the code sent (never the code itself).</summary>
    public const string CodeHash = "_code_hash";
    public const string CodeSalt = "_code_salt";

    /// <summary>CodeExpiresAt: when the code stops being accepted (round-trip "O" format).</summary>
    public const string CodeExpiresAt = "_code_expires";

    /// <summary>CodeTries: wrong codes typed for the current code.</summary>
    public const string CodeTries = "_code_tries";

    /// <summary>PlaceGovernorate: the governorate a named city or markaz lies in, waiting for the person's yes.</summary>
    public const string PlaceGovernorate = "_place_gov";

    /// <summary>Place: the Arabic name of the city or markaz given as the governorate answer, offered at the village step.</summary>
    public const string Place = "_place";

    /// <summary>Pending: prefix of a field whose value from the newer record waits for the person's yes before replacing the older one.</summary>
    public const string Pending = "_pending:";
}

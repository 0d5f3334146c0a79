namespace OutreachBot.Flows.Model;

/// <summary>Contact: one person, reachable on one or more URNs, with the volunteer profile they gave.</summary>
public sealed class Contact
{
    /// <summary>Storage-assigned id, allocated before the first flow step so replies can name it.</summary>
    public long Id { get; set; }

    /// <summary>URNs such as <c>tel:+201001234567</c>, <c>telegram:123</c>, <c>whatsapp:+20…</c>, <c>sim:alice</c>.</summary>
    public List<string> Urns { get; set; } = [];

    public string? Name { get; set; }

    /// <summary>ISO code: "ar" (default) or "en".</summary>
    public string Language { get; set; } = Languages.Arabic;

    /// <summary>Governorate code, see <c>Governorates</c> (e.g. "MN" for Minya).</summary>
    public string? Governorate { get; set; }

    /// <summary>Markaz or village, free text as written.</summary>
    public string? Village { get; set; }

    /// <summary>Mobile number in E.164 (+20…) that is vouched for: the SMS/WhatsApp sender, a Telegram card of the person's own, or a proven code.</summary>
    /// <remarks>Only this number links the contact to a <c>tel:</c> URN and merges it with another contact owning that number.</remarks>
    public string? Phone { get; set; }

    /// <summary>Mobile number in E.164 the person typed but has not proven; it claims no URN and merges nothing.</summary>
    public string? UnverifiedPhone { get; set; }

    public string? AgeBand { get; set; }
    public string? Gender { get; set; }
    public List<string> Interests { get; set; } = [];
    public List<string> Availability { get; set; } = [];
    public ConsentRecord? Consent { get; set; }
    public ContactStatus Status { get; set; } = ContactStatus.Active;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Where the contact came from, e.g. a Telegram deep-link payload ("src_minya_fair").</summary>
    public string? ReferralSource { get; set; }

    /// <summary>Short number given when sign-up is confirmed; null until registered.</summary>
    public string? VolunteerNumber { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }

    /// <summary>One-time codes sent to the contact's typed numbers since <see cref="CodesSentSince"/>; bounds what a typist can make us send.</summary>
    public int CodesSent { get; set; }

    /// <summary>Start of the 24 hours <see cref="CodesSent"/> counts.</summary>
    public DateTimeOffset? CodesSentSince { get; set; }

    /// <summary>Created through the simulator (a development channel), so counts and indicators can leave the contact out.</summary>
    public bool IsSimulated { get; set; }

    /// <summary>Quiz scores by quiz id (see <see cref="QuizScores"/>).</summary>
    public Dictionary<string, QuizScores> QuizScores { get; set; } = [];

    /// <summary>Clone: a deep copy, so a flow step never mutates its input.</summary>
    public Contact Clone()
    {
        var copy = (Contact)MemberwiseClone();
        copy.Urns = [.. Urns];
        copy.Interests = [.. Interests];
        copy.Availability = [.. Availability];
        copy.Consent = Consent?.Clone();
        copy.QuizScores = QuizScores.ToDictionary(s => s.Key, s => s.Value.Clone());
        return copy;
    }
}

/// <summary>ContactStatus: whether we may message the contact.</summary>
public enum ContactStatus
{
    Active = 0,
    /// <summary>The contact opted out (STOP); only START is answered.</summary>
    Stopped = 1,
    /// <summary>The channel refused delivery (e.g. the user blocked the bot).</summary>
    Blocked = 2,
}

/// <summary>ConsentRecord: what the contact agreed to, when and where. Accepted=false records a refusal.</summary>
public sealed class ConsentRecord
{
    public bool Accepted { get; set; }
    public DateTimeOffset At { get; set; }
    public string TextVersion { get; set; } = "";
    public string Channel { get; set; } = "";

    public ConsentRecord Clone() => (ConsentRecord)MemberwiseClone();
}

/// <summary>Languages: the codes the service speaks.</summary>
public static class Languages
{
    public const string Arabic = "ar";
    public const string English = "en";
}

namespace OutreachBot.Flows.Model;

/// <summary>Session: where a contact is in a conversation; plain data the caller stores between steps.</summary>
public sealed class Session
{
    /// <summary>Contact the session belongs to (also its storage key).</summary>
    public long ContactId { get; set; }

    /// <summary>Active flow name (e.g. "signup"), or null when no flow is running.</summary>
    public string? Flow { get; set; }

    /// <summary>The flow's Stateless state, by name.</summary>
    public string? State { get; set; }

    /// <summary>Answers collected so far, by field name.</summary>
    public Dictionary<string, string> Answers { get; set; } = [];

    /// <summary>Failed attempts on the current step.</summary>
    public int Attempts { get; set; }

    /// <summary>When an idle session lapses; a later message offers resume or restart.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Flows set aside when another one started, most recent last; each is offered back once, never dropped unasked.</summary>
    public List<ParkedFlow> Parked { get; set; } = [];

    /// <summary>A yes/no question the engine asked between flows (resume a parked flow, or start the one a finished flow offered).</summary>
    public FlowOffer? Offer { get; set; }

    /// <summary>StopAsked: the contact wrote something that may mean "stop" («كفاية») and was asked whether to stop all messages.</summary>
    /// <remarks>The running flow and any pending offer stay as they were until the answer.</remarks>
    public bool StopAsked { get; set; }

    /// <summary>Clone: a deep copy, so a flow step never mutates its input.</summary>
    public Session Clone()
    {
        var copy = (Session)MemberwiseClone();
        copy.Answers = new Dictionary<string, string>(Answers);
        copy.Parked = [.. Parked.Select(p => p.Clone())];
        copy.Offer = Offer?.Clone();
        return copy;
    }
}

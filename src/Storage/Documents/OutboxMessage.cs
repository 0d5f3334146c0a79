namespace OutreachBot.Storage.Documents;

/// <summary>OutboxMessage: one outbound message, from creation to its final delivery status.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public long ContactId { get; set; }

    /// <summary>Channel name that sends it ("sim", "telegram", "sms", "whatsapp").</summary>
    public string Channel { get; set; } = "";

    /// <summary>Destination URN, e.g. <c>telegram:123</c> or <c>tel:+201001234567</c>.</summary>
    public string Urn { get; set; } = "";

    public string Text { get; set; } = "";
    public List<string> Choices { get; set; } = [];
    public int ChoicesPerRow { get; set; } = 1;
    public Flows.Model.KeyboardAction Keyboard { get; set; }

    /// <summary>Language of the text ("ar"/"en"), for channel-made texts such as template fallbacks.</summary>
    public string Language { get; set; } = Flows.Model.Languages.Arabic;

    public OutboxPriority Priority { get; set; }

    /// <summary>Why it is sent; a stopped contact is sent only the opt-out confirmation and the answer to START.</summary>
    public Flows.Model.ReplyPurpose Purpose { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>How many times its claim lapsed without an outcome (a crash, a lost write) and it was queued again: each a possible duplicate.</summary>
    /// <remarks>Such a claim gives back its attempt (it says nothing about the message); this count alone bounds a message that crashes every send.</remarks>
    public int Recoveries { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not before this instant (retry backoff, quiet hours).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>While status is Sending: the claim expires then, and the message is retried.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }
    public string? ProviderId { get; set; }
    public string? ErrorCode { get; set; }
    public string? Error { get; set; }

    /// <summary>Group the message belongs to (a broadcast or campaign id), for progress counts.</summary>
    public string? GroupId { get; set; }

    /// <summary>Inbound log id this replies to, when it is a reply.</summary>
    public string? InReplyTo { get; set; }

    /// <summary>When the inbound it answers was received, for reply-latency metrics.</summary>
    public DateTimeOffset? InboundReceivedAt { get; set; }

    /// <summary>Copy: a copy that later changes to this one do not reach (its choices included).</summary>
    public OutboxMessage Copy()
    {
        var copy = (OutboxMessage)MemberwiseClone();
        copy.Choices = [.. Choices];
        return copy;
    }
}

/// <summary>OutboxPriority: the lane; replies always leave before bulk.</summary>
public enum OutboxPriority
{
    /// <summary>An answer to a person's own message: never held, always first.</summary>
    Reply = 0,
    /// <summary>Reminders and broadcasts.</summary>
    Bulk = 1,
}

/// <summary>OutboxStatus: lifecycle of an outbound message; the numeric order is the order of progress.</summary>
public enum OutboxStatus
{
    Queued = 0,
    Sending = 1,
    Sent = 2,
    Delivered = 3,
    Read = 4,
    /// <summary>The provider accepted it but the handset did not get it.</summary>
    Undelivered = 10,
    Failed = 11,
}

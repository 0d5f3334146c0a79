using System.Text.Json.Nodes;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests.Verification;

/// <summary>VerificationTranscript: a golden conversation that also gives the host's inputs: SMS verification on or off, the nonce and the number's owner per step.</summary>
/// <remarks>Replies record their purpose and destination too, so a transcript shows which text went by SMS to which number.</remarks>
public sealed class VerificationTranscript
{
    public string Description { get; set; } = "";
    public string Channel { get; set; } = "sim";
    public string Traits { get; set; } = "Simulator";
    public bool SmsVerification { get; set; }
    public Contact Contact { get; set; } = new();
    public Session? Session { get; set; }
    public List<VerificationStep> Steps { get; set; } = [];

    public EngineOptions Options => new() { SmsVerification = SmsVerification };

    public ChannelTraits ChannelTraits => new Transcript { Traits = Traits }.ChannelTraits;
}

/// <summary>VerificationStep: one inbound message with what the host adds to it, and what must come out.</summary>
public sealed class VerificationStep
{
    public string? Note { get; set; }
    public string Text { get; set; } = "";
    public InboundKind Kind { get; set; } = InboundKind.Text;
    public string? ChannelPhone { get; set; }

    /// <summary>The host's randomness for this message (hex); the code it makes is in the code SMS of the expected replies.</summary>
    public string? Nonce { get; set; }

    /// <summary>The other record owning the number being proven, as the host would read it.</summary>
    public Contact? PhoneOwner { get; set; }
    public DateTimeOffset At { get; set; }
    public VerificationExpectation? Expect { get; set; }
}

/// <summary>VerificationExpectation: replies (with purpose and destination), the session, and the contact fields that matter.</summary>
public sealed class VerificationExpectation
{
    public List<SentReply> Replies { get; set; } = [];
    public string? Flow { get; set; }
    public string? State { get; set; }
    public int Attempts { get; set; }
    public SortedDictionary<string, string> Answers { get; set; } = [];
    public JsonObject Contact { get; set; } = [];

    /// <summary>ContactOf: the transcript's contact snapshot plus the fields this kind of transcript is about.</summary>
    public static JsonObject ContactOf(Contact c)
    {
        var o = ContactSnapshot.Of(c);
        if (c.UnverifiedPhone is { } typed) o["unverifiedPhone"] = typed;
        if (c.CodesSent > 0) o["codesSent"] = c.CodesSent;
        return o;
    }
}

/// <summary>SentReply: a reply as the transcript records it (defaults omitted).</summary>
public sealed class SentReply
{
    public string Text { get; set; } = "";
    public List<string>? Choices { get; set; }
    public KeyboardAction? Keyboard { get; set; }
    public ReplyPurpose? Purpose { get; set; }
    public string? To { get; set; }

    public static SentReply From(Reply r) => new()
    {
        Text = r.Text,
        Choices = r.Choices is { Count: > 0 } c ? [.. c] : null,
        Keyboard = r.Keyboard == KeyboardAction.Keep ? null : r.Keyboard,
        Purpose = r.Purpose == ReplyPurpose.Conversation ? null : r.Purpose,
        To = r.To is { } to ? to.Channel + " " + to.Urn : null,
    };
}

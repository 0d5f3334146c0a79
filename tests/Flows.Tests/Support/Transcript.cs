using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>Transcript: one golden conversation: channel, the host's settings, starting contact, and the expected outcome of each message.</summary>
public sealed class Transcript
{
    public string Description { get; set; } = "";
    public string Channel { get; set; } = "sim";

    /// <summary>Traits preset: Simulator, Telegram, Sms or WhatsApp.</summary>
    public string Traits { get; set; } = "Simulator";

    /// <summary>The host proves typed numbers by an SMS code (it does when Twilio SMS is configured); written only when on.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SmsVerification { get; set; }
    /// <summary>Flows registered for this conversation, by test name (see <see cref="TestFlows"/>); the shipped ones when absent.</summary>
    public List<string>? Flows { get; set; }
    public Contact Contact { get; set; } = new();
    public Session? Session { get; set; }
    public List<TranscriptStep> Steps { get; set; } = [];

    public ChannelTraits ChannelTraits => Traits switch
    {
        "Simulator" => ChannelTraits.Simulator,
        "Telegram" => ChannelTraits.Telegram,
        "Sms" => ChannelTraits.Sms,
        "WhatsApp" => ChannelTraits.WhatsApp,
        _ => throw new InvalidOperationException($"unknown traits preset '{Traits}'"),
    };

    [JsonIgnore]
    public EngineOptions Options => new() { SmsVerification = SmsVerification };

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>TranscriptStep: one inbound message, with what the host adds to it, and what must come out of it.</summary>
public sealed class TranscriptStep
{
    public string? Note { get; set; }
    public string Text { get; set; } = "";

    /// <summary>When set, the inbound text is <see cref="Text"/> repeated this many times (for very long messages).</summary>
    public int? Repeat { get; set; }
    public InboundKind Kind { get; set; } = InboundKind.Text;
    public string? ChannelPhone { get; set; }
    public string? StartPayload { get; set; }

    /// <summary>Set instead of a message: the service starts this flow for the contact (<see cref="Registry.IFlowStarter"/>).</summary>
    public TriggerStep? Trigger { get; set; }

    /// <summary>The host's randomness for this message (hex); the code it makes shows in the code SMS among the expected replies.</summary>
    public string? Nonce { get; set; }

    /// <summary>The other record owning the number being proven, as the host would read it from the store.</summary>
    public Contact? PhoneOwner { get; set; }

    /// <summary>When the message arrives: time moves on only as the steps say.</summary>
    public DateTimeOffset At { get; set; }
    public StepExpectation? Expect { get; set; }

    /// <summary>Derived from <see cref="Text"/> and <see cref="Repeat"/>, so not written: a run for review shows only what can be edited.</summary>
    [JsonIgnore]
    public string InboundText => Repeat is { } n ? string.Concat(Enumerable.Repeat(Text, n)) : Text;
}

/// <summary>StepExpectation: replies, where the session ends up, and the contact fields that matter.</summary>
public sealed class StepExpectation
{
    public List<ExpectedReply> Replies { get; set; } = [];
    public string? Flow { get; set; }
    public string? State { get; set; }
    public int Attempts { get; set; }
    public SortedDictionary<string, string> Answers { get; set; } = [];

    /// <summary>Parked flows as "flow at state", most recent last; absent when none.</summary>
    public List<string>? Parked { get; set; }

    /// <summary>The engine's pending question: "resume flow" or "start flow (args)"; absent when none.</summary>
    public string? Offer { get; set; }

    /// <summary>The contact was asked whether to stop all messages (after «كفاية»); written only when true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool StopAsked { get; set; }
    public JsonObject Contact { get; set; } = [];

    /// <summary>Quiz and poll attempts the step handed back (see <see cref="QuizAttempt"/>), one line each; absent when none.</summary>
    public List<string>? QuizAttempts { get; set; }
}

/// <summary>TriggerStep: a service-side start: the flow, its argument.</summary>
public sealed class TriggerStep
{
    public string Flow { get; set; } = "";
    public string? Args { get; set; }
}

/// <summary>ExpectedReply: a reply as the transcript records it (defaults omitted).</summary>
/// <remarks>Purpose and destination are recorded too, so a transcript shows which text went by SMS to which number.</remarks>
public sealed class ExpectedReply
{
    public string Text { get; set; } = "";
    public List<string>? Choices { get; set; }
    public int? PerRow { get; set; }
    public KeyboardAction? Keyboard { get; set; }
    public ReplyPurpose? Purpose { get; set; }

    /// <summary>"channel urn", e.g. "sms tel:+201001234567", when the reply does not go back to the sender.</summary>
    public string? To { get; set; }

    public static ExpectedReply From(Reply r) => new()
    {
        Text = r.Text,
        Choices = r.Choices is { Count: > 0 } c ? [.. c] : null,
        PerRow = r.ChoicesPerRow == 1 ? null : r.ChoicesPerRow,
        Keyboard = r.Keyboard == KeyboardAction.Keep ? null : r.Keyboard,
        Purpose = r.Purpose == ReplyPurpose.Conversation ? null : r.Purpose,
        To = r.To is { } to ? to.Channel + " " + to.Urn : null,
    };
}

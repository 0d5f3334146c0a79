using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>Transcript: one golden conversation: channel, starting contact, and the expected outcome of each message.</summary>
public sealed class Transcript
{
    public string Description { get; set; } = "";
    public string Channel { get; set; } = "sim";

    /// <summary>Traits preset: Simulator, Telegram, Sms or WhatsApp.</summary>
    public string Traits { get; set; } = "Simulator";
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

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>TranscriptStep: one inbound message and what must come out of it.</summary>
public sealed class TranscriptStep
{
    public string? Note { get; set; }
    public string Text { get; set; } = "";

    /// <summary>When set, the inbound text is <see cref="Text"/> repeated this many times (for very long messages).</summary>
    public int? Repeat { get; set; }
    public InboundKind Kind { get; set; } = InboundKind.Text;
    public string? ChannelPhone { get; set; }
    public string? StartPayload { get; set; }
    public DateTimeOffset At { get; set; }
    public StepExpectation? Expect { get; set; }

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
    public JsonObject Contact { get; set; } = [];
}

/// <summary>ExpectedReply: a reply as the transcript records it (defaults omitted).</summary>
public sealed class ExpectedReply
{
    public string Text { get; set; } = "";
    public List<string>? Choices { get; set; }
    public int? PerRow { get; set; }
    public KeyboardAction? Keyboard { get; set; }

    public static ExpectedReply From(Reply r) => new()
    {
        Text = r.Text,
        Choices = r.Choices is { Count: > 0 } c ? [.. c] : null,
        PerRow = r.ChoicesPerRow == 1 ? null : r.ChoicesPerRow,
        Keyboard = r.Keyboard == KeyboardAction.Keep ? null : r.Keyboard,
    };
}

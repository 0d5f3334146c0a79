namespace OutreachBot.Flows.Model;

/// <summary>Reply: one message a flow step wants sent; the caller puts it in the outbox.</summary>
/// <param name="Text">Final text in the contact's language. On channels without buttons it already holds any numbered list.</param>
/// <param name="Choices">Button labels, for channels with buttons; the flow accepts each label (and its number) as an answer.</param>
/// <param name="ChoicesPerRow">How many buttons per keyboard row.</param>
/// <param name="Keyboard">What to do with the channel's keyboard.</param>
/// <param name="Purpose">Why it is sent (delivery lets a stopped contact receive only the opt-out and opt-in answers).</param>
/// <param name="To">Where it goes when not back to the sender: only a verification code goes elsewhere (by SMS to the typed number).</param>
public sealed record Reply(
    string Text,
    IReadOnlyList<string>? Choices = null,
    int ChoicesPerRow = 1,
    KeyboardAction Keyboard = KeyboardAction.Keep,
    ReplyPurpose Purpose = ReplyPurpose.Conversation,
    ReplyDestination? To = null)
{
    public IReadOnlyList<string> ChoiceList => Choices ?? [];
}

/// <summary>ReplyDestination: the channel and URN a reply goes to instead of the conversation's own.</summary>
/// <param name="Channel">Channel name, e.g. "sms".</param>
/// <param name="Urn">Recipient URN on that channel, e.g. <c>tel:+201001234567</c>.</param>
public sealed record ReplyDestination(string Channel, string Urn)
{
    /// <summary>Sms: a text message to an E.164 number.</summary>
    public static ReplyDestination Sms(string e164) => new("sms", "tel:" + e164);
}

/// <summary>KeyboardAction: keyboard changes a reply asks for (channels without keyboards ignore it).</summary>
public enum KeyboardAction
{
    /// <summary>Show <see cref="Reply.Choices"/> if any, else leave the keyboard as it is.</summary>
    Keep = 0,
    /// <summary>Show a single "share my number" button (plus any choices).</summary>
    RequestPhone = 1,
    /// <summary>Remove any keyboard.</summary>
    Remove = 2,
}

namespace OutreachBot.Flows.Model;

/// <summary>ReplyPurpose: why a reply is sent, so delivery can apply the rules that depend on it.</summary>
/// <remarks>
/// A contact who sent STOP receives nothing but the confirmation of that STOP and the answer to START; delivery checks
/// this purpose again when it claims each message, because the contact's status may change while a message waits.
/// </remarks>
public enum ReplyPurpose
{
    /// <summary>An ordinary answer, prompt or announcement.</summary>
    Conversation = 0,
    /// <summary>The one confirmation that a STOP was applied.</summary>
    OptOutConfirmation = 1,
    /// <summary>The answer to START that opts a stopped contact back in.</summary>
    OptInAnswer = 2,
    /// <summary>A one-time code sent to a number the person typed, to prove it is theirs.</summary>
    VerificationCode = 3,
}

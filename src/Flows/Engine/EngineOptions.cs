namespace OutreachBot.Flows.Engine;

/// <summary>EngineOptions: settings of the conversation engine (bound from the "Flows" configuration section).</summary>
public sealed class EngineOptions
{
    /// <summary>An idle session expires after this long; a returning user is offered resume or restart.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Version of the consent text the user agrees to; stored with each consent record.</summary>
    public string ConsentTextVersion { get; set; } = "2026-11";

    /// <summary>Understanding: read Franco-Arabic, intent phrases, opt-out phrases, yes/no as people say them and place names.</summary>
    /// <remarks>Off, only the normalised exact keywords, labels and governorate names are understood (as before; for comparison).</remarks>
    public bool Understanding { get; set; } = true;

    /// <summary>A typed number can be proven by a code sent by SMS; the host turns it on when Twilio SMS is configured.</summary>
    /// <remarks>Off, a typed number stays an unverified phone: no <c>tel:</c> URN, no merge.</remarks>
    public bool SmsVerification { get; set; }

    /// <summary>How long a one-time code stays valid.</summary>
    public TimeSpan VerificationCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong codes accepted before the code is void.</summary>
    public int VerificationMaxTries { get; set; } = 3;

    /// <summary>Codes sent to one contact in 24 hours, across every number typed and every restart of the flow.</summary>
    public int VerificationMaxSends { get; set; } = 3;
}

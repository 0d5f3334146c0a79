namespace OutreachBot.Flows.Engine;

/// <summary>EngineOptions: settings of the conversation engine (bound from the "Flows" configuration section).</summary>
public sealed class EngineOptions
{
    /// <summary>An idle session expires after this long; a returning user is offered resume or restart.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Version of the consent text the user agrees to; stored with each consent record.</summary>
    public string ConsentTextVersion { get; set; } = "2026-11";
}

namespace OutreachBot.Bot.Hosting;

/// <summary>InboundOptions: how much the public endpoints take in at once (configuration section "Inbound").</summary>
public sealed class InboundOptions
{
    public const string Section = "Inbound";

    /// <summary>Inbound posts (webhooks, simulator) handled at once; more get 503 and the provider sends them again later.</summary>
    public int MaxPending { get; set; } = 1000;

    /// <summary>Requests one client address may make to the public endpoints per <see cref="RateWindow"/>; 0 turns the limit off.</summary>
    public int RateLimit { get; set; } = 600;

    /// <summary>The window of <see cref="RateLimit"/>.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(10);
}

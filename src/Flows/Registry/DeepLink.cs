namespace OutreachBot.Flows.Registry;

/// <summary>DeepLinkStart: what a Telegram /start payload asks for: a flow to start (with its argument), and the referral source to record.</summary>
public sealed record DeepLinkStart(IFlow? Flow, string? Args, string? ReferralSource);

/// <summary>DeepLink: reads the /start payload grammar (documented in the README).</summary>
/// <remarks>
/// payload = part *("-" part); a part that names a registered flow ("quiz" or "quiz_digital_safety") starts it, with
/// what follows the name as its argument; every other part ("src_minya_fair", or any payload from before flows had
/// links) is the referral source, kept as written. Telegram allows only A-Z a-z 0-9 _ - in up to 64 characters, so
/// "-" separates parts and "_" stays free for names.
/// </remarks>
public static class DeepLink
{
    public const string SourcePrefix = "src";
    public const char Separator = '-';

    /// <summary>Read: the flow the payload starts (the first part naming one) and the referral source (the other parts, rejoined).</summary>
    public static DeepLinkStart Read(string? payload, FlowRegistry registry)
    {
        if (string.IsNullOrWhiteSpace(payload)) return new(null, null, null);
        (IFlow Flow, string? Args)? start = null;
        var rest = new List<string>();
        foreach (var part in payload.Split(Separator))
        {
            if (start is null && !part.StartsWith(SourcePrefix + "_", StringComparison.Ordinal) && registry.ByDeepLink(part) is { } named)
                start = named;
            else rest.Add(part);
        }
        var source = rest.Count == 0 ? null : string.Join(Separator, rest);
        return new(start?.Flow, start?.Args, string.IsNullOrWhiteSpace(source) ? null : source);
    }
}

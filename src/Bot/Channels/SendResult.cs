namespace OutreachBot.Bot.Channels;

/// <summary>SendResult: the few outcomes every provider answer collapses into.</summary>
public abstract record SendResult
{
    /// <summary>Sent: the provider accepted the message.</summary>
    public sealed record Sent(string ProviderId) : SendResult;

    /// <summary>Throttled: the provider asked us to slow down; the whole bucket waits <paramref name="RetryAfter"/>.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SendResult;

    /// <summary>TransientFailure: network error, timeout, 5xx: retry with backoff.</summary>
    public sealed record TransientFailure(string Reason) : SendResult;

    /// <summary>PermanentFailure: retrying cannot help (bad number, chat not found).</summary>
    /// <param name="FlagUrn">The destination itself is unusable (invalid or non-mobile number).</param>
    public sealed record PermanentFailure(string Code, string Reason, bool FlagUrn = false) : SendResult;

    /// <summary>ContactStopped: the person opted out or blocked us on this URN; stop sending there.</summary>
    public sealed record ContactStopped(string Reason) : SendResult;
}

using Microsoft.Extensions.Options;

namespace OutreachBot.Bot.Hosting;

/// <summary>InboundGate: at most <see cref="InboundOptions.MaxPending"/> inbound messages wait for the pipeline and storage at once.</summary>
/// <remarks>
/// Without it a burst, or a storage stall, queues requests (and their bodies) in memory without bound. Webhooks that
/// find it full answer 503 at once, which Telegram and Twilio retry; the Telegram poller waits for a place instead.
/// </remarks>
public sealed class InboundGate(IOptions<InboundOptions> options)
{
    private readonly SemaphoreSlim _places = new(Math.Max(1, options.Value.MaxPending));

    /// <summary>Pending: inbound messages being handled now.</summary>
    public int Pending => Math.Max(1, options.Value.MaxPending) - _places.CurrentCount;

    private long _refused;

    /// <summary>Refused counts a request turned away and says whether to log it: the 1st, 10th, 100th... so a flood cannot flood the log.</summary>
    public (long Count, bool Log) Refused()
    {
        var count = Interlocked.Increment(ref _refused);
        return (count, IsPowerOfTen(count));
    }

    internal static bool IsPowerOfTen(long n)
    {
        while (n >= 10 && n % 10 == 0) n /= 10;
        return n == 1;
    }

    /// <summary>TryEnter takes a place if one is free; dispose the result to give it back.</summary>
    public IDisposable? TryEnter() => _places.Wait(0) ? new Place(_places) : null;

    /// <summary>EnterAsync waits for a place.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _places.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Place(_places);
    }

    private sealed class Place(SemaphoreSlim places) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) places.Release();
        }
    }
}

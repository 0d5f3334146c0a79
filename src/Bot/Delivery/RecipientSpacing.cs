namespace OutreachBot.Bot.Delivery;

/// <summary>RecipientSpacing: calls to one recipient leave in the order they were booked, each at least a gap (1/rate) after the previous one was answered.</summary>
/// <remarks>
/// The per-recipient bucket decides when a message is picked, but a claim's commit time varies, and the sender's own
/// bucket can hold a call back after its recipient's turn; so two messages to one chat picked a second apart could
/// still reach the provider closer together (Telegram then answers 429 for the chat, and the whole sender pauses), or
/// in the wrong order. Here each call waits until the recipient's previous call has been answered (so the provider has
/// it, however long it took to get there), then a whole gap after that; the 5 % margin is kept. Thread-safe.
/// </remarks>
public sealed class RecipientSpacing(double perSecond)
{
    private const double Margin = 1.05;
    private readonly TimeSpan _gap = perSecond > 0 ? TimeSpan.FromSeconds(Margin / perSecond) : TimeSpan.Zero;
    private readonly Dictionary<string, Turn> _last = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool Enabled => _gap > TimeSpan.Zero;

    /// <summary>Enter books the recipient's next turn, after every turn booked before it.</summary>
    public Turn Enter(string urn, DateTimeOffset now)
    {
        lock (_lock)
        {
            // The last turn of each recipient is kept until its gap has passed; bounded by dropping those that have.
            if (_last.Count > 10_000)
                foreach (var (key, old) in _last.ToList())
                    if (old.LeftAt is { } left && left + _gap <= now) _last.Remove(key);
            _last.TryGetValue(urn, out var previous);
            var turn = new Turn(this, urn, previous);
            _last[urn] = turn;
            return turn;
        }
    }

    /// <summary>Forget drops a turn that never left, if no later one was booked: the next call has nothing to wait for.</summary>
    private void Forget(Turn turn)
    {
        lock (_lock)
        {
            if (_last.TryGetValue(turn.Urn, out var last) && ReferenceEquals(last, turn)) _last.Remove(turn.Urn);
        }
    }

    /// <summary>Turn: one call's place in its recipient's line.</summary>
    public sealed class Turn(RecipientSpacing owner, string urn, Turn? previous) : IDisposable
    {
        private readonly TaskCompletionSource<DateTimeOffset?> _left = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Urn { get; } = urn;

        /// <summary>WaitAsync returns once the previous call to the recipient has left and a gap has passed since (or at once, first in line).</summary>
        public async Task WaitAsync(Func<DateTimeOffset> now, TimeProvider time)
        {
            if (previous is null) return;
            // A previous call that never left (its send was abandoned) sets no gap.
            if (await previous._left.Task.ConfigureAwait(false) is not { } leftAt) return;
            var wait = leftAt + owner._gap - now();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time).ConfigureAwait(false);
        }

        /// <summary>When the call left, once it has.</summary>
        public DateTimeOffset? LeftAt { get; private set; }

        /// <summary>Left records that the call was done with at <paramref name="at"/> (answered, or failed): the next in line may follow a gap after it.</summary>
        public void Left(DateTimeOffset at)
        {
            LeftAt = at;
            _left.TrySetResult(at);
        }

        /// <summary>Dispose ends the turn; a call that did not leave lets the next in line go at once.</summary>
        public void Dispose()
        {
            if (!_left.TrySetResult(null)) return;
            owner.Forget(this);
        }
    }
}

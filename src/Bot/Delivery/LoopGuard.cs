namespace OutreachBot.Bot.Delivery;

/// <summary>LoopGuard: stops a runaway flow from sending the same text to one contact over and over.</summary>
/// <remarks>
/// Kept in memory per process: a loop is a fast, live event, and after a restart the window starts afresh, which
/// at worst lets one more window's worth through. Thread-safe.
/// </remarks>
public sealed class LoopGuard(LoopGuardOptions options)
{
    private readonly Dictionary<(long Contact, string Text), Queue<(long Id, DateTimeOffset At)>> _sent = [];
    private readonly Lock _lock = new();
    private DateTimeOffset _lastSweep;

    /// <summary>Allows tells whether message <paramref name="id"/> may go: false once the limit went within the window (a retry of a counted one may).</summary>
    public bool Allows(long id, long contactId, string text, DateTimeOffset now)
    {
        lock (_lock)
        {
            Sweep(now);
            if (!_sent.TryGetValue((contactId, text), out var recent)) return true;
            while (recent.Count > 0 && recent.Peek().At <= now - options.Window) recent.Dequeue();
            return recent.Count < options.MaxIdentical || recent.Any(entry => entry.Id == id);
        }
    }

    /// <summary>Record counts message <paramref name="id"/> as going out now (once, however often it is retried).</summary>
    public void Record(long id, long contactId, string text, DateTimeOffset now)
    {
        lock (_lock)
        {
            var key = (contactId, text);
            if (!_sent.TryGetValue(key, out var recent)) _sent[key] = recent = new();
            if (!recent.Any(entry => entry.Id == id)) recent.Enqueue((id, now));
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now - _lastSweep < options.Window) return;
        _lastSweep = now;
        foreach (var (key, recent) in _sent.ToList())
            if (recent.Count == 0 || recent.Last().At <= now - options.Window) _sent.Remove(key);
    }
}

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

    /// <summary>Admit records message <paramref name="id"/> and tells whether it may go; false once more than the limit went within the window.</summary>
    public bool Admit(long id, long contactId, string text, DateTimeOffset now)
    {
        lock (_lock)
        {
            Sweep(now);
            var key = (contactId, text);
            if (!_sent.TryGetValue(key, out var recent)) _sent[key] = recent = new();
            while (recent.Count > 0 && recent.Peek().At <= now - options.Window) recent.Dequeue();
            if (recent.Any(entry => entry.Id == id)) return true; // a retry of one already counted
            if (recent.Count >= options.MaxIdentical) return false;
            recent.Enqueue((id, now));
            return true;
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

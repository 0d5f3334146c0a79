namespace OutreachBot.Bot.Tests.Telegram.Fake;

/// <summary>ProviderRates: the rates a provider sees in the calls that reached it, to check them against its limits.</summary>
internal static class ProviderRates
{
    /// <summary>ClosestInOneChat: the shortest time between two consecutive sendMessage calls to one chat.</summary>
    public static ChatGap? ClosestInOneChat(IEnumerable<RecordedRequest> sends) => sends
        .GroupBy(s => s.Body["chat_id"]!.ToString())
        .SelectMany(chat => chat.OrderBy(s => s.Arrival).Zip(chat.OrderBy(s => s.Arrival).Skip(1),
            (earlier, later) => new ChatGap(chat.Key, earlier.Arrival, later.Arrival - earlier.Arrival)))
        .OrderBy(g => g.Gap)
        .Cast<ChatGap?>()
        .FirstOrDefault();

    /// <summary>WorstWindow: of every window between two calls, the one whose call count most exceeds
    /// <paramref name="burst"/> + <paramref name="rate"/> × (its length + <paramref name="slack"/>).</summary>
    /// <remarks>
    /// A token bucket that starts full allows at most burst + rate × length calls in any window, and a sequence
    /// keeping that bound in every window is one the bucket allows; the windows that matter start and end on a call,
    /// so checking every pair of calls checks them all.
    /// </remarks>
    public static Window WorstWindow(IEnumerable<RecordedRequest> sends, double rate, double burst, TimeSpan slack)
    {
        var arrivals = sends.Select(s => s.Arrival).Order().ToList();
        var worst = new Window(0, TimeSpan.Zero, TimeSpan.Zero, double.NegativeInfinity);
        for (var i = 0; i < arrivals.Count; i++)
            for (var j = i; j < arrivals.Count; j++)
            {
                var length = arrivals[j] - arrivals[i];
                var excess = j - i + 1 - (burst + rate * (length + slack).TotalSeconds);
                if (excess > worst.Excess) worst = new Window(j - i + 1, arrivals[i], length, excess);
            }
        return worst;
    }
}

/// <summary>ChatGap: two consecutive calls to <paramref name="Chat"/>, the first at <paramref name="From"/>.</summary>
internal readonly record struct ChatGap(string Chat, TimeSpan From, TimeSpan Gap);

/// <summary>Window: <paramref name="Count"/> calls from <paramref name="From"/> within <paramref name="Length"/>; a positive <paramref name="Excess"/> is that many calls over the limit.</summary>
internal readonly record struct Window(int Count, TimeSpan From, TimeSpan Length, double Excess);

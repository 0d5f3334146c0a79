using OutreachBot.Flows.Text;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioCost estimates what an SMS costs: segments (counted by characters, as carriers bill) times the per-segment price.</summary>
public static class TwilioCost
{
    /// <summary>Estimate: <see cref="SmsSegments.Count"/> segments of <paramref name="text"/> times <paramref name="segmentPrice"/>.</summary>
    public static decimal Estimate(string text, decimal segmentPrice) => SmsSegments.Count(text).Segments * segmentPrice;
}

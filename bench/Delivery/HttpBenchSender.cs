using System.Net;
using OutreachBot.Bot.Channels;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bench.Delivery;

/// <summary>HttpBenchSender: a thin sender posting to <see cref="RateLimitedProvider"/> and mapping its answers to typed results.</summary>
public sealed class HttpBenchSender(string channel, HttpClient http, Func<double>? clock = null) : IChannelSender
{
    public string Channel => channel;

    /// <summary>Calls made (for checking that the provider saw no more than we sent).</summary>
    public int Calls => Volatile.Read(ref _calls);
    private int _calls;

    /// <summary>Start of each call on the provider's clock, when one is given (debugging the rate).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<double> CallTimes { get; } = new();

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (clock is not null) CallTimes.Enqueue(clock());
        using var response = await http.PostAsync($"send?id={message.Id}&chat={Uri.EscapeDataString(message.Urn)}", null, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => new SendResult.Sent(await response.Content.ReadAsStringAsync(cancellationToken)),
            HttpStatusCode.TooManyRequests => new SendResult.Throttled(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1)),
            var status => new SendResult.TransientFailure($"HTTP {(int)status}"),
        };
    }
}

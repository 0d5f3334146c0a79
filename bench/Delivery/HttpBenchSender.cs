using System.Net;
using OutreachBot.Bot.Channels;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bench.Delivery;

/// <summary>HttpBenchSender: a thin sender posting to <see cref="RateLimitedProvider"/> and mapping its answers to typed results.</summary>
public sealed class HttpBenchSender(string channel, HttpClient http) : IChannelSender
{
    public string Channel => channel;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"send?id={message.Id}&chat={Uri.EscapeDataString(message.Urn)}", null, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => new SendResult.Sent(await response.Content.ReadAsStringAsync(cancellationToken)),
            HttpStatusCode.TooManyRequests => new SendResult.Throttled(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1)),
            var status => new SendResult.TransientFailure($"HTTP {(int)status}"),
        };
    }
}

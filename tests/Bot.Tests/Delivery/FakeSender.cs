using System.Collections.Concurrent;
using OutreachBot.Bot.Channels;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>FakeSender: an in-process channel sender whose answers a test scripts, recording every call with the fake time it was made.</summary>
public sealed class FakeSender(string channel, TimeProvider time, Func<OutboxMessage, int, SendResult>? answer = null) : IChannelSender
{
    private readonly ConcurrentQueue<(long Id, string Text, DateTimeOffset At)> _calls = new();
    private int _count;

    public string Channel => channel;

    public IReadOnlyList<(long Id, string Text, DateTimeOffset At)> Calls => [.. _calls];

    public int Count => Volatile.Read(ref _count);

    public Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count);
        _calls.Enqueue((message.Id, message.Text, time.GetUtcNow()));
        return Task.FromResult(answer?.Invoke(message, n) ?? new SendResult.Sent("p-" + message.Id));
    }
}

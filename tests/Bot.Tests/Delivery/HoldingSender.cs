using System.Collections.Concurrent;
using OutreachBot.Bot.Channels;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>HoldingSender: a sender whose calls for chosen messages stay in flight until the test releases them; the others are sent at once.</summary>
/// <remarks>A held call ignores cancellation, like a client that cannot be interrupted, so it can outlive the send timeout and the lease.</remarks>
public sealed class HoldingSender(string channel, Func<OutboxMessage, bool> hold) : IChannelSender
{
    private readonly ConcurrentQueue<long> _calls = new();
    private readonly TaskCompletionSource<SendResult> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _held = new(0);

    public string Channel => channel;

    /// <summary>Ids of the messages sent, in call order, held ones included.</summary>
    public IReadOnlyList<long> Calls => [.. _calls];

    public Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        _calls.Enqueue(message.Id);
        if (!hold(message)) return Task.FromResult<SendResult>(new SendResult.Sent("p-" + message.Id));
        _held.Release();
        return _release.Task;
    }

    /// <summary>WaitForHeldCallAsync completes once one more held call has reached the sender.</summary>
    public async Task WaitForHeldCallAsync()
    {
        if (!await _held.WaitAsync(TimeSpan.FromSeconds(15))) Assert.Fail("no held call reached the sender");
    }

    /// <summary>Release answers every held call, now and later, with <paramref name="result"/>.</summary>
    public void Release(SendResult result) => _release.TrySetResult(result);
}

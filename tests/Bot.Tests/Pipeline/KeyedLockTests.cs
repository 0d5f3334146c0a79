using OutreachBot.Bot.Pipeline;

namespace OutreachBot.Bot.Tests.Pipeline;

/// <summary>KeyedLockTests: waiters are served in arrival order, and neither a cancelled waiter nor a failing holder leaves a key locked.</summary>
public sealed class KeyedLockTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitersOfOneKeyAreServedInArrivalOrder()
    {
        var locks = new KeyedLock();
        var holder = await locks.AcquireAsync("k", default);
        var order = new List<int>();
        var waiters = Enumerable.Range(1, 20).Select(async i =>
        {
            using var _ = await locks.AcquireAsync("k", default);
            lock (order) order.Add(i);
        }).ToList();
        holder.Dispose();
        await Task.WhenAll(waiters).WaitAsync(Soon);
        Assert.Equal(Enumerable.Range(1, 20), order);
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task ACancelledWaiterDoesNotLeaveTheKeyLocked()
    {
        var locks = new KeyedLock();
        var holder = await locks.AcquireAsync("k", default);
        using var cts = new CancellationTokenSource();
        var cancelled = locks.AcquireAsync("k", cts.Token);
        var next = locks.AcquireAsync("k", default);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        holder.Dispose();
        (await next.WaitAsync(Soon)).Dispose();
        Assert.Equal(0, locks.Count);
        (await locks.AcquireAsync("k", default).WaitAsync(Soon)).Dispose();
    }

    [Fact]
    public async Task AHolderThatThrowsReleasesTheKey()
    {
        var locks = new KeyedLock();
        async Task FailWhileHolding()
        {
            using var _ = await locks.AcquireAsync("k", default);
            throw new InvalidOperationException("flow step failed");
        }
        await Assert.ThrowsAsync<InvalidOperationException>(FailWhileHolding);
        Assert.Equal(0, locks.Count);
        (await locks.AcquireAsync("k", default).WaitAsync(Soon)).Dispose();
    }
}

namespace OutreachBot.Storage.Tests;

/// <summary>CoalescerTests: requests that arrive during a trip share the next one; a lone request goes at once; failures stay with their trip.</summary>
public sealed class CoalescerTests
{
    /// <summary>Trips serves each request with its square, records every trip's requests, and holds a trip while asked to.</summary>
    private sealed class Trips
    {
        private readonly Lock _lock = new();
        public List<int[]> Served { get; } = [];
        public TaskCompletionSource Gate { get; set; } = Open();
        public Func<IReadOnlyList<int>, bool> Fails { get; set; } = _ => false;

        public static TaskCompletionSource Open()
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            gate.SetResult();
            return gate;
        }

        public async Task<IReadOnlyList<int>> ServeAsync(IReadOnlyList<int> requests)
        {
            lock (_lock) Served.Add([.. requests]);
            await Gate.Task;
            if (Fails(requests)) throw new InvalidOperationException("the store went away");
            return [.. requests.Select(r => r * r)];
        }
    }

    [Fact]
    public async Task ALoneRequestIsServedAtOnceAndAlone()
    {
        var trips = new Trips();
        var coalescer = new Coalescer<int, int>(trips.ServeAsync, maxBatch: 64);
        Assert.Equal(9, await coalescer.RunAsync(3));
        Assert.Equal(16, await coalescer.RunAsync(4));
        Assert.Equal([[3], [4]], trips.Served);
    }

    [Fact]
    public async Task RequestsArrivingDuringATripShareTheNextOneInBatchesOfAtMostMaxBatch()
    {
        var trips = new Trips { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var coalescer = new Coalescer<int, int>(trips.ServeAsync, maxBatch: 4);
        var first = coalescer.RunAsync(1);
        var waiting = Enumerable.Range(2, 10).Select(coalescer.RunAsync).ToList();
        Assert.Equal([[1]], trips.Served);

        trips.Gate.SetResult();
        Assert.Equal(1, await first);
        Assert.Equal(Enumerable.Range(2, 10).Select(i => i * i), await Task.WhenAll(waiting));
        Assert.Equal([[1], [2, 3, 4, 5], [6, 7, 8, 9], [10, 11]], trips.Served);
    }

    [Fact]
    public async Task AFailedTripFailsOnlyTheRequestsItCarried()
    {
        var trips = new Trips { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Fails = r => r.Contains(1) };
        var coalescer = new Coalescer<int, int>(trips.ServeAsync, maxBatch: 64);
        var first = coalescer.RunAsync(1);
        var later = new[] { coalescer.RunAsync(2), coalescer.RunAsync(3) };
        trips.Gate.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.Equal(new[] { 4, 9 }, await Task.WhenAll(later));
        Assert.Equal(25, await coalescer.RunAsync(5));
    }

    [Fact]
    public async Task UpToTripsRunAtOnceAndTheRestWaitForTheFirstToFinish()
    {
        var trips = new Trips { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var coalescer = new Coalescer<int, int>(trips.ServeAsync, maxBatch: 64, trips: 2);
        var all = new[] { coalescer.RunAsync(1), coalescer.RunAsync(2), coalescer.RunAsync(3), coalescer.RunAsync(4) };
        Assert.Equal([[1], [2]], trips.Served);

        trips.Gate.SetResult();
        Assert.Equal(new[] { 1, 4, 9, 16 }, await Task.WhenAll(all));
        Assert.Equal(3, trips.Served.Count);
        Assert.Equal([3, 4], trips.Served[2]);
    }

    [Fact]
    public async Task WhileATripRunsAnotherStartsOnlyOnceJoinAtRequestsWait()
    {
        var trips = new Trips { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var coalescer = new Coalescer<int, int>(trips.ServeAsync, maxBatch: 64, trips: 2, joinAt: 3);
        var first = coalescer.RunAsync(1);
        var few = new[] { coalescer.RunAsync(2), coalescer.RunAsync(3) };
        Assert.Equal([[1]], trips.Served); // two waiting: they wait for the trip in flight

        var third = coalescer.RunAsync(4);
        Assert.Equal([[1], [2, 3, 4]], trips.Served); // the third makes joinAt: the second trip takes all three

        trips.Gate.SetResult();
        Assert.Equal(new[] { 1, 4, 9, 16 }, await Task.WhenAll([first, .. few, third]));
        Assert.Equal(25, await coalescer.RunAsync(5)); // a quiet coalescer still serves a lone request at once
        Assert.Equal([[1], [2, 3, 4], [5]], trips.Served);
    }

    [Fact]
    public async Task ATripThatEndsWhileAnotherRunsLeavesFewerThanJoinAtToThatOne()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var trips = new Trips { Gate = first };
        var coalescer = new Coalescer<int, int>(trips.ServeAsync, maxBatch: 64, trips: 2, joinAt: 2);
        var one = coalescer.RunAsync(1);
        trips.Gate = second;
        var two = new[] { coalescer.RunAsync(2), coalescer.RunAsync(3) };
        trips.Gate = Trips.Open();
        var late = coalescer.RunAsync(4);

        first.SetResult();
        Assert.Equal(1, await one);
        await Task.Delay(100);
        Assert.False(late.IsCompleted, "the ended trip took a request below joinAt while another trip still ran");
        Assert.Equal([[1], [2, 3]], trips.Served);

        second.SetResult();
        Assert.Equal(new[] { 4, 9, 16 }, await Task.WhenAll([.. two, late]).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([[1], [2, 3], [4]], trips.Served);
    }

    [Fact]
    public async Task RequestsBelowJoinAtAreServedWhenTheTripInFlightEnds()
    {
        var trips = new Trips { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var coalescer = new Coalescer<int, int>(trips.ServeAsync, maxBatch: 64, trips: 2, joinAt: 16);
        var first = coalescer.RunAsync(1);
        var few = new[] { coalescer.RunAsync(2), coalescer.RunAsync(3) };

        trips.Gate.SetResult();
        Assert.Equal(new[] { 4, 9 }, await Task.WhenAll(few).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([[1], [2, 3]], trips.Served);
    }
}

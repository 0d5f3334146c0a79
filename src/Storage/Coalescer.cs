namespace OutreachBot.Storage;

/// <summary>Coalescer: requests that arrive while earlier ones are being served go together in the next trip.</summary>
/// <remarks>
/// A request that finds a free trip is served at once, alone, so a quiet store answers as fast as without it; under
/// load, the requests that arrive during a trip share the next one (one round trip, one transaction) instead of each
/// taking its own. At most <c>trips</c> run at once and each carries at most <c>maxBatch</c> requests. A trip that
/// throws fails every request it carried, and only those. Thread-safe.
/// </remarks>
/// <param name="serve">Serves one trip: one result per request, in the same order.</param>
/// <param name="joinAt">While a trip runs, another starts (or, ending, goes on) only once this many requests wait; fewer
/// wait for the trip in flight and go together after it. On a lightly loaded instance (one of three sharing a database) that halves the
/// trips, each a round trip and a few statements for the server, instead of sending two small ones at once.</param>
public sealed class Coalescer<TRequest, TResult>(Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> serve, int maxBatch, int trips = 1, int joinAt = 1)
{
    private readonly Lock _lock = new();
    private readonly List<Waiting> _waiting = [];
    private int _running;

    /// <summary>RunAsync completes with the request's result once the trip that carried it is done.</summary>
    public Task<TResult> RunAsync(TRequest request)
    {
        var waiting = new Waiting(request);
        lock (_lock)
        {
            _waiting.Add(waiting);
            // A running trip takes what waits when it ends, under this lock, so a request left here is never stranded.
            if (_running >= trips || (_running > 0 && _waiting.Count < joinAt)) return waiting.Completion.Task;
            _running++;
        }
        _ = ServeWhileWaitingAsync();
        return waiting.Completion.Task;
    }

    private async Task ServeWhileWaitingAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_lock)
            {
                // Fewer than joinAt left for another trip still running: that one takes them when it ends.
                if (_waiting.Count == 0 || (_running > 1 && _waiting.Count < joinAt))
                {
                    _running--;
                    return;
                }
                var count = Math.Min(_waiting.Count, maxBatch);
                batch = _waiting.GetRange(0, count);
                _waiting.RemoveRange(0, count);
            }
            try
            {
                var results = await serve([.. batch.Select(w => w.Request)]).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                foreach (var waiting in batch) waiting.Completion.TrySetException(ex);
            }
        }
    }

    private sealed class Waiting(TRequest request)
    {
        public TRequest Request { get; } = request;
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

namespace OutreachBot.Bot.Delivery;

/// <summary>AsyncSignal: a wake-up that a waiter takes before checking for work, so no Set between check and wait is lost.</summary>
public sealed class AsyncSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Next returns a task completed by the first <see cref="Set"/> after this call.</summary>
    public Task Next()
    {
        lock (_lock)
        {
            if (_next.Task.IsCompleted) _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }
    }

    public void Set()
    {
        lock (_lock) _next.TrySetResult();
    }
}

namespace OutreachBot.CrashCampaign.Run;

/// <summary>ServiceGate: where the drivers find the running service; closed from just before a kill until the next life is healthy.</summary>
public sealed class ServiceGate
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<Life> _up = NewSignal();

    /// <summary>WhenUpAsync returns the current life, waiting for one if the service is down.</summary>
    public Task<Life> WhenUpAsync()
    {
        lock (_gate) return _up.Task;
    }

    /// <summary>IsCurrent: <paramref name="life"/> is still the running one (a failed request to it was not caused by a kill).</summary>
    public bool IsCurrent(Life life)
    {
        lock (_gate) return _up.Task.IsCompletedSuccessfully && _up.Task.Result == life;
    }

    public void Open(Life life)
    {
        lock (_gate)
        {
            if (_up.Task.IsCompleted) _up = NewSignal();
            _up.TrySetResult(life);
        }
    }

    public void Close()
    {
        lock (_gate) if (_up.Task.IsCompleted) _up = NewSignal();
    }

    private static TaskCompletionSource<Life> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Life: one run of the child between two kills.</summary>
public sealed record Life(int Number, Uri BaseAddress);

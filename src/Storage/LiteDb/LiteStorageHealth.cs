namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteStorageHealth: the storage thread's state, and whether it answers a read in time.</summary>
internal sealed class LiteStorageHealth(StorageWriter writer) : IStorageHealth
{
    public Exception? Failure => writer.Failure;

    public Task<Exception> Stopped => writer.Stopped;

    public async Task<string?> ProblemAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (writer.Failure is { } failure) return $"stopped: {failure.GetType().Name}: {failure.Message}";
        try
        {
            await writer.ReadAsync(_ => true).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            return $"not answering: a read waited {timeout.TotalSeconds:0} s behind {writer.QueueLength} requests";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return $"failing: {ex.GetType().Name}: {ex.Message}";
        }
    }

    public Task<long> ContactCountAsync() => writer.ReadAsync(store => store.Contacts.LongCount());
}

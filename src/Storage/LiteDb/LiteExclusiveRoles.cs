namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteExclusiveRoles: the process holding the data file is the only one, so it holds every role.</summary>
public sealed class LiteExclusiveRoles : IExclusiveRoles
{
    public Task<IExclusiveRole?> TryAcquireAsync(string role, CancellationToken cancellationToken) =>
        Task.FromResult<IExclusiveRole?>(new Held(role));

    private sealed class Held(string name) : IExclusiveRole
    {
        public string Name => name;
        public CancellationToken Lost => CancellationToken.None;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

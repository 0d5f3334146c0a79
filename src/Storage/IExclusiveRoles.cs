namespace OutreachBot.Storage;

/// <summary>IExclusiveRoles: work that must run on one instance at a time (delivery per sender, Telegram polling, sweeps), with fail-over.</summary>
/// <remarks>
/// On the embedded file the process is alone (one process per file), so every role is its own at once. On a shared
/// database a role is a session advisory lock: the first instance to ask holds it until it lets go or its connection
/// ends (a crash closes it), and the others keep asking, so one of them takes over within a few seconds.
/// </remarks>
public interface IExclusiveRoles
{
    /// <summary>TryAcquireAsync returns the role when this instance now holds it, or null when another does.</summary>
    Task<IExclusiveRole?> TryAcquireAsync(string role, CancellationToken cancellationToken);
}

/// <summary>IExclusiveRole: a role held; <see cref="Lost"/> fires when the hold can no longer be trusted (the database connection failed).</summary>
public interface IExclusiveRole : IAsyncDisposable
{
    string Name { get; }

    CancellationToken Lost { get; }
}

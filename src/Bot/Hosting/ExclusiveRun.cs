using OutreachBot.Storage;

namespace OutreachBot.Bot.Hosting;

/// <summary>ExclusiveRun runs work that must run on one instance at a time while this instance holds its role, and asks again when it does not.</summary>
/// <remarks>
/// On the embedded file the role is granted at once and held for the process's life. On a shared database an instance
/// that does not hold the role asks again every <see cref="RetryInterval"/>, so it takes over within a few seconds of
/// the holder's end; a holder whose hold is lost (its database connection failed) stops the work and asks again.
/// </remarks>
public static class ExclusiveRun
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>RunAsync runs <paramref name="work"/> whenever the role is held, until <paramref name="stoppingToken"/> fires.</summary>
    /// <param name="standby">Called when another instance holds the role (once per change), e.g. to stop queuing work in memory.</param>
    public static async Task RunAsync(IExclusiveRoles roles, string role, TimeProvider time, ILogger logger,
        Func<CancellationToken, Task> work, CancellationToken stoppingToken, Action? standby = null)
    {
        var waiting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            IExclusiveRole? held;
            try
            {
                held = await roles.TryAcquireAsync(role, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Asking for role {Role} failed ({Error}); asking again in {Interval}", role, ex.GetType().Name + ": " + ex.Message, RetryInterval);
                held = null;
            }
            if (held is null)
            {
                if (!waiting) { logger.LogInformation("Role {Role} is held by another instance; this one stands by", role); standby?.Invoke(); }
                waiting = true;
                try { await Task.Delay(RetryInterval, time, stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                continue;
            }

            await using (held.ConfigureAwait(false))
            {
                if (waiting) logger.LogInformation("Role {Role} taken over by this instance", role);
                waiting = false;
                using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, held.Lost);
                try
                {
                    await work(both.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (held.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                }
                if (stoppingToken.IsCancellationRequested) return;
                if (held.Lost.IsCancellationRequested)
                    logger.LogWarning("Role {Role} lost; its work stopped and this instance asks for it again", role);
                else
                    return; // the work ended by itself (not configured, say)
            }
        }
    }
}

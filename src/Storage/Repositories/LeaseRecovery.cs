using OutreachBot.Storage.Documents;

namespace OutreachBot.Storage.Repositories;

/// <summary>LeaseRecovery: queues again the claimed outbox messages whose outcome never came, and keeps the durable count of possible duplicates.</summary>
/// <remarks>
/// A claim lapses without an outcome after a crash or a failed settle write. That says nothing about the message, so the
/// claim's attempt is given back: only settled transient failures use up the retry schedule. A message whose send kills
/// the process every time would then loop for ever, so each recovery is counted on the row and past a cap the message
/// fails as <see cref="TooOftenCode"/>. Each message queued again may already have reached the provider; their number is
/// kept in storage, in the same write, so /metrics can report it across restarts.
/// </remarks>
public static class LeaseRecovery
{
    /// <summary>Error code of a message given up because its claim lapsed more often than the cap allows.</summary>
    public const string TooOftenCode = "lease_recovered_too_often";

    /// <summary>RecoverInFlight queues again the messages left in Sending by a stopped process, due when their lease ends.</summary>
    public static RecoveredLeases RecoverInFlight(IOutboxChanges changes, DateTimeOffset now, int maxRecoveries) =>
        Recover(changes, changes.Sending(), now, maxRecoveries);

    /// <summary>RecoverExpired queues again, due now, messages in Sending whose lease has ended, except those <paramref name="inFlight"/> still owns.</summary>
    public static RecoveredLeases RecoverExpired(IOutboxChanges changes, DateTimeOffset now, Func<long, bool> inFlight, int maxRecoveries) =>
        Recover(changes, [.. changes.Sending().Where(m => (m.LeaseUntil is not { } lease || lease <= now) && !inFlight(m.Id))], now, maxRecoveries);

    private static RecoveredLeases Recover(IOutboxChanges changes, IReadOnlyList<OutboxMessage> lapsed, DateTimeOffset now, int maxRecoveries)
    {
        var requeued = new List<OutboxMessage>();
        var givenUp = new List<OutboxMessage>();
        foreach (var message in lapsed)
        {
            if (message.Recoveries >= maxRecoveries)
            {
                OutboxRepository.Fail(changes, message, TooOftenCode,
                    $"its claim lapsed without an outcome {message.Recoveries + 1} times (a crash or a lost write each time)");
                givenUp.Add(message);
                continue;
            }
            var leaseEnd = message.LeaseUntil ?? now;
            message.Status = OutboxStatus.Queued;
            message.NextAttemptAt = leaseEnd > now ? leaseEnd : now;
            message.LeaseUntil = null;
            message.ErrorCode = "lease_expired";
            message.Attempts = Math.Max(0, message.Attempts - 1);
            message.Recoveries++;
            changes.Update(message);
            requeued.Add(message);
        }
        return new RecoveredLeases(requeued, givenUp, changes.AddPossibleDuplicates(requeued.Count));
    }
}

/// <summary>RecoveredLeases: the messages queued again (each a possible duplicate), those given up, and the stored count of possible duplicates after this.</summary>
public sealed record RecoveredLeases(IReadOnlyList<OutboxMessage> Requeued, IReadOnlyList<OutboxMessage> GivenUp, long PossibleDuplicates);

using OutreachBot.Bot.Channels;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Delivery;

/// <summary>OutcomeSettler: turns the provider's answers to claimed messages into their durable states, inside one write request.</summary>
public sealed class OutcomeSettler(RetryPolicy retry)
{
    /// <summary>SettleEach records each outcome and returns, in the same order, what each one needs done in memory afterwards.</summary>
    /// <remarks>
    /// It runs inside one outbox write, so it only touches the transaction and the returned summaries. It settles the row
    /// as stored, not the claimed copy: a merge by phone may have moved the message to the surviving contact while it was
    /// in flight, and when a write fails this runs again and must start from the same state (a throttle gives back one
    /// attempt, not two). An outcome whose claim no longer holds is dropped (see <see cref="Settlement.Lost"/>). The rows
    /// are read in one go (<see cref="IOutboxChanges.FindMany"/>), not one read per outcome.
    /// </remarks>
    public IReadOnlyList<Settlement> SettleEach(IOutboxChanges changes, IReadOnlyList<Outcome> outcomes)
    {
        var stored = changes.FindMany([.. outcomes.Select(o => o.Message.Id).Distinct()]);
        return [.. outcomes.Select(o => Settle(changes, o, stored.GetValueOrDefault(o.Message.Id)))];
    }

    /// <summary>Settle records one outcome (see <see cref="SettleEach"/>).</summary>
    public Settlement Settle(IOutboxChanges changes, Outcome outcome) => SettleEach(changes, [outcome])[0];

    private Settlement Settle(IOutboxChanges changes, Outcome outcome, OutboxMessage? message)
    {
        var settlement = new Settlement();
        var (claimed, result, now) = outcome;
        if (message is null || !StillClaimed(message, claimed))
        {
            settlement.Lost.Add(claimed);
            return settlement;
        }
        message.LeaseUntil = null;
        switch (result)
        {
            case SendResult.Sent sent:
                message.Status = OutboxStatus.Sent;
                message.SentAt = now;
                message.ProviderId = sent.ProviderId;
                message.ErrorCode = null;
                message.Error = null;
                changes.Update(message);
                settlement.Sent.Add(message);
                break;

            case SendResult.Throttled throttled:
                // Not the message's fault: the attempt is given back, and retry-after is honoured to the tick.
                var until = now + throttled.RetryAfter;
                message.Status = OutboxStatus.Queued;
                message.Attempts = Math.Max(0, message.Attempts - 1);
                message.NextAttemptAt = until;
                message.ErrorCode = "throttled";
                changes.Update(message);
                settlement.KeepPlace.Add(message);
                if (settlement.PauseUntil is null || until > settlement.PauseUntil) settlement.PauseUntil = until;
                settlement.Throttles++;
                break;

            case SendResult.TransientFailure transient when retry.NextAttempt(message.Attempts, now) is { } next:
                message.Status = OutboxStatus.Queued;
                message.NextAttemptAt = next;
                message.ErrorCode = "transient";
                message.Error = transient.Reason;
                changes.Update(message);
                settlement.Requeued.Add(message);
                settlement.Retried.Add(message);
                break;

            case SendResult.TransientFailure transient:
                Fail(changes, settlement, message, "retries_exhausted", transient.Reason);
                break;

            case SendResult.PermanentFailure permanent:
                Fail(changes, settlement, message, permanent.Code, permanent.Reason);
                if (permanent.FlagUrn)
                    foreach (var other in OutboxRepository.FailQueuedForUrn(changes, message.Urn, permanent.Code, permanent.Reason))
                        settlement.Failed.Add((other, permanent.Code));
                break;

            case SendResult.ContactStopped stopped:
                Fail(changes, settlement, message, "contact_stopped", stopped.Reason);
                // A code goes to a number the person typed and has not proven: its refusal says nothing about the contact.
                if (message.Purpose != ReplyPurpose.VerificationCode) changes.BlockContact(message.ContactId);
                foreach (var other in OutboxRepository.FailQueuedForUrn(changes, message.Urn, "contact_stopped", stopped.Reason))
                    settlement.Failed.Add((other, "contact_stopped"));
                break;
        }
        return settlement;
    }

    /// <summary>StillClaimed: nothing requeued, claimed again or settled <paramref name="stored"/> since this claim (its attempt, recoveries and lease are unchanged).</summary>
    /// <remarks>A recovery gives the attempt back, so the attempt alone no longer tells a fresh claim from this one.</remarks>
    private static bool StillClaimed(OutboxMessage stored, OutboxMessage claimed) =>
        stored.Status == OutboxStatus.Sending && stored.Attempts == claimed.Attempts
        && stored.Recoveries == claimed.Recoveries && stored.LeaseUntil == claimed.LeaseUntil;

    private static void Fail(IOutboxChanges changes, Settlement settlement, OutboxMessage message, string code, string reason)
    {
        OutboxRepository.Fail(changes, message, code, reason);
        settlement.Failed.Add((message, code));
    }
}

/// <summary>Outcome: the provider's answer to one message and when it came (retry-after counts from then).</summary>
public readonly record struct Outcome(OutboxMessage Message, SendResult Result, DateTimeOffset At);

/// <summary>Settlement: what settled outcomes need done in memory afterwards (metrics, requeues, a bucket pause).</summary>
public sealed class Settlement
{
    public List<OutboxMessage> Sent { get; } = [];
    public List<(OutboxMessage Message, string Code)> Failed { get; } = [];
    public List<OutboxMessage> Requeued { get; } = [];

    /// <summary>Throttled messages: they go back where they stood, so a chat's messages keep their order; the paused bucket holds them until retry-after.</summary>
    public List<OutboxMessage> KeepPlace { get; } = [];
    public List<OutboxMessage> Retried { get; } = [];

    /// <summary>Outcomes of claims that no longer hold (the message was requeued, or settled, while its call was in flight): nothing was written for them.</summary>
    public List<OutboxMessage> Lost { get; } = [];
    public DateTimeOffset? PauseUntil { get; set; }
    public int Throttles { get; set; }
}

using Microsoft.Extensions.Options;

namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryOptionsValidator: refuses to start with rates, leases or zones that cannot work.</summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var errors = new List<string>();
        foreach (var (channel, rates) in options.Channels.Append(new("(default)", options.DefaultChannel)))
        {
            if (!(rates.Rate > 0)) errors.Add($"Delivery:Channels:{channel}:Rate must be positive.");
            if (!(rates.Burst >= 1)) errors.Add($"Delivery:Channels:{channel}:Burst must be at least 1.");
            if (rates.PerRecipientRate < 0) errors.Add($"Delivery:Channels:{channel}:PerRecipientRate must not be negative.");
        }
        if (options.SendTimeout <= TimeSpan.Zero) errors.Add("Delivery:SendTimeout must be positive.");
        if (options.LeaseTime <= options.SendTimeout) errors.Add("Delivery:LeaseTime must be longer than Delivery:SendTimeout.");
        if (options.MaxLeaseRecoveries < 1) errors.Add("Delivery:MaxLeaseRecoveries must be at least 1.");
        if (options.EffectiveRetrySchedule.Any(wait => wait <= TimeSpan.Zero)) errors.Add("Delivery:RetrySchedule waits must be positive.");
        if (options.RetryJitter is < 0 or >= 1) errors.Add("Delivery:RetryJitter must be in [0, 1).");
        if (options.BulkBacklogLimit < 1) errors.Add("Delivery:BulkBacklogLimit must be at least 1.");
        if (options.LoopGuard.MaxIdentical < 1) errors.Add("Delivery:LoopGuard:MaxIdentical must be at least 1.");
        if (options.LoopGuard.Window <= TimeSpan.Zero) errors.Add("Delivery:LoopGuard:Window must be positive.");
        if (options.ClaimBatch < 1) errors.Add("Delivery:ClaimBatch must be at least 1.");
        if (options.MaxInFlight < 1) errors.Add("Delivery:MaxInFlight must be at least 1.");
        if (options.QuietHours.Enabled)
        {
            if (options.QuietHours.Start == options.QuietHours.End) errors.Add("Delivery:QuietHours:Start and End must differ.");
            try { TimeZoneInfo.FindSystemTimeZoneById(options.QuietHours.TimeZone); }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                errors.Add($"Delivery:QuietHours:TimeZone '{options.QuietHours.TimeZone}' is not a known IANA zone.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

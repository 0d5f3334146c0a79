namespace OutreachBot.Bot.Delivery;

/// <summary>DeliveryOptions: rates, leases, retries, quiet hours, backlog and loop guard (configuration section "Delivery").</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>How much closer together calls may reach a provider than they left; each channel's burst keeps that much in hand (see <see cref="SendGate.ArrivalJitter"/>).</summary>
    public TimeSpan ArrivalJitter { get; set; } = SendGate.ArrivalJitter;

    /// <summary>Rates per channel name; defaults follow the providers' published limits.</summary>
    public Dictionary<string, ChannelRateOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Telegram: about 30 messages/s per bot overall and 1 message/s per chat. Our burst stays below the
        // provider's (about one second's worth): tokens are spent when a batch is picked, before its claim is
        // written, so a slow commit would otherwise let a full burst land on a provider that had not yet refilled.
        ["telegram"] = new() { Rate = 30, Burst = 20, PerRecipientRate = 1 },
        // Twilio: 10 segments/s per long code by default (1/s to some countries, 100/s for short codes); cost = segments.
        ["sms"] = new() { Rate = 10, Burst = 10, CountSmsSegments = true },
        ["whatsapp"] = new() { Rate = 20, Burst = 20 },
        ["sim"] = new() { Rate = 1000, Burst = 1000 },
    };

    /// <summary>Rate used for a channel not named in <see cref="Channels"/>.</summary>
    public ChannelRateOptions DefaultChannel { get; set; } = new() { Rate = 10, Burst = 10 };

    /// <summary>How long a claim (status Sending) holds before the message is retried; longer than <see cref="SendTimeout"/>.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Times a message's claim may lapse without an outcome and be sent again; the next lapse fails it (lease_recovered_too_often).</summary>
    /// <remarks>A lapsed claim gives its attempt back, so without this cap a message whose send crashes the process every time would loop for ever.</remarks>
    public int MaxLeaseRecoveries { get; set; } = 10;

    /// <summary>A provider call taking longer than this is abandoned as a transient failure.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Waits before the 2nd, 3rd… attempt after transient failures; after the last one the message fails.</summary>
    /// <remarks>Null means the default 30 s, 2 min, 10 min, 1 h (a list default would be appended to by the binder).</remarks>
    public List<TimeSpan>? RetrySchedule { get; set; }

    /// <summary>Each backoff wait is spread by ± this fraction so retries of a failed burst do not all return together.</summary>
    public double RetryJitter { get; set; } = 0.1;

    public QuietHoursOptions QuietHours { get; set; } = new();

    /// <summary>Bulk messages queued per channel above which producers of bulk work wait.</summary>
    public int BulkBacklogLimit { get; set; } = 200_000;

    public LoopGuardOptions LoopGuard { get; set; } = new();

    /// <summary>Most messages claimed in one write request.</summary>
    public int ClaimBatch { get; set; } = 64;

    /// <summary>Most provider calls in flight per channel.</summary>
    public int MaxInFlight { get; set; } = 64;

    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule =>
        RetrySchedule is { Count: > 0 } schedule
            ? schedule
            : [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    public ChannelRateOptions RatesFor(string channel) => Channels.TryGetValue(channel, out var rates) ? rates : DefaultChannel;
}

/// <summary>ChannelRateOptions: one channel sender's token buckets.</summary>
public sealed class ChannelRateOptions
{
    /// <summary>Units per second for the sender overall (a unit is a message, or an SMS segment).</summary>
    public double Rate { get; set; } = 10;

    /// <summary>Most units sent back to back after an idle spell.</summary>
    public double Burst { get; set; } = 10;

    /// <summary>Messages per second to one recipient; 0 means no per-recipient limit.</summary>
    public double PerRecipientRate { get; set; }

    /// <summary>An SMS costs one unit per segment (SmsSegments), e.g. 3 units for a 3-part Arabic SMS.</summary>
    public bool CountSmsSegments { get; set; }
}

/// <summary>QuietHoursOptions: when bulk messages on some channels are held, in local time.</summary>
public sealed class QuietHoursOptions
{
    public bool Enabled { get; set; } = true;
    public TimeOnly Start { get; set; } = new(22, 0);
    public TimeOnly End { get; set; } = new(8, 0);

    /// <summary>IANA zone id; Egypt has observed summer time again since 2023, so never a fixed offset.</summary>
    public string TimeZone { get; set; } = "Africa/Cairo";

    /// <summary>Channels whose bulk messages are held (replies never are).</summary>
    public List<string>? Channels { get; set; }

    public IReadOnlyList<string> EffectiveChannels => Channels is { Count: > 0 } list ? list : ["sms", "whatsapp"];
}

/// <summary>LoopGuardOptions: more than <see cref="MaxIdentical"/> identical messages to one contact within <see cref="Window"/> fail.</summary>
public sealed class LoopGuardOptions
{
    public int MaxIdentical { get; set; } = 20;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}

namespace OutreachBot.Bot.Delivery;

/// <summary>QuietHours: tells whether bulk messages on a channel are held now, and until when, in local (Cairo) time.</summary>
/// <remarks>
/// Local hours are converted through the IANA zone each time, so Egypt's summer time (last Friday of April to last
/// Thursday of October since 2023) moves the UTC window with it.
/// </remarks>
public sealed class QuietHours
{
    private readonly QuietHoursOptions _options;
    private readonly TimeZoneInfo _zone;
    private readonly HashSet<string> _channels;

    public QuietHours(QuietHoursOptions options)
    {
        _options = options;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _channels = new HashSet<string>(options.EffectiveChannels, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Applies tells whether bulk on <paramref name="channel"/> is ever held.</summary>
    public bool Applies(string channel) => _options.Enabled && _channels.Contains(channel);

    /// <summary>HeldUntil returns the UTC instant quiet hours end, or null when <paramref name="now"/> is not in them.</summary>
    public DateTimeOffset? HeldUntil(DateTimeOffset now)
    {
        if (!_options.Enabled) return null;
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var (start, end) = (_options.Start, _options.End);
        var quiet = start < end ? time >= start && time < end : time >= start || time < end;
        if (!quiet) return null;

        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (start > end && time >= start) endDate = endDate.AddDays(1);
        return ToUtc(endDate.ToDateTime(end));
    }

    /// <summary>ToUtc maps a local wall-clock time to UTC; a time skipped by a clock change is taken one hour later.</summary>
    private DateTimeOffset ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (_zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = _zone.IsAmbiguousTime(local) ? _zone.GetAmbiguousTimeOffsets(local).Max() : _zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}

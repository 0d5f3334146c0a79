namespace OutreachBot.Flows.Content;

/// <summary>EgyptDate: the calendar day in Egypt (Africa/Cairo, with its summer time) at an instant; content dates are Egyptian days.</summary>
public static class EgyptDate
{
    private static readonly TimeZoneInfo Cairo = TimeZoneInfo.FindSystemTimeZoneById("Africa/Cairo");

    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Cairo).DateTime);
}

using OutreachBot.Bot.Delivery;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>QuietHoursTests: bulk is held 22:00–08:00 Cairo time, across midnight and Egypt's summer-time changes.</summary>
public sealed class QuietHoursTests
{
    private static readonly QuietHours Quiet = new(new QuietHoursOptions());

    /// <summary>At builds a UTC instant from a Cairo wall-clock time and the offset Cairo has then.</summary>
    private static DateTimeOffset At(int month, int day, int hour, int minute, int offsetHours) =>
        new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(offsetHours)).ToUniversalTime();

    [Fact]
    public void WinterEveningIsHeldUntilEightNextMorningCairoTime()
    {
        Assert.Equal(At(1, 11, 8, 0, 2), Quiet.HeldUntil(At(1, 10, 23, 30, 2)));
        Assert.Equal(At(1, 11, 8, 0, 2), Quiet.HeldUntil(At(1, 10, 22, 0, 2)));
    }

    [Fact]
    public void AfterMidnightIsHeldUntilEightTheSameMorning()
    {
        Assert.Equal(At(1, 11, 8, 0, 2), Quiet.HeldUntil(At(1, 11, 0, 30, 2)));
        Assert.Equal(At(1, 11, 8, 0, 2), Quiet.HeldUntil(At(1, 11, 7, 59, 2)));
    }

    [Fact]
    public void DaytimeIsNotHeld()
    {
        Assert.Null(Quiet.HeldUntil(At(1, 11, 8, 0, 2)));
        Assert.Null(Quiet.HeldUntil(At(1, 11, 21, 59, 2)));
        Assert.Null(Quiet.HeldUntil(At(7, 11, 12, 0, 3)));
    }

    [Fact]
    public void NightBeforeSummerTimeStartsIsReleasedAtEightSummerTime()
    {
        // Clocks go from 00:00 to 01:00 on Friday 24 April 2026: the night is an hour shorter.
        var evening = At(4, 23, 22, 30, 2);
        Assert.Equal(new DateTimeOffset(2026, 4, 24, 5, 0, 0, TimeSpan.Zero), Quiet.HeldUntil(evening));
        Assert.Null(Quiet.HeldUntil(new DateTimeOffset(2026, 4, 24, 5, 0, 0, TimeSpan.Zero)));
        Assert.NotNull(Quiet.HeldUntil(new DateTimeOffset(2026, 4, 24, 4, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NightSummerTimeEndsIsReleasedAtEightWinterTime()
    {
        // Clocks go from 24:00 back to 23:00 at the end of Thursday 29 October 2026: the night is an hour longer.
        var evening = At(10, 29, 22, 30, 3);
        Assert.Equal(new DateTimeOffset(2026, 10, 30, 6, 0, 0, TimeSpan.Zero), Quiet.HeldUntil(evening));
        // 05:30 UTC is 07:30 Cairo winter time: still quiet, though it would be 08:30 in summer time.
        Assert.NotNull(Quiet.HeldUntil(new DateTimeOffset(2026, 10, 30, 5, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void SummerEveningStartsQuietAtTwentyTwoLocalNotUtcPlusTwo()
    {
        // 19:30 UTC on 1 July is 22:30 in Cairo (UTC+3): quiet; at UTC+2 it would still be 21:30.
        Assert.NotNull(Quiet.HeldUntil(new DateTimeOffset(2026, 7, 1, 19, 30, 0, TimeSpan.Zero)));
        Assert.Null(Quiet.HeldUntil(new DateTimeOffset(2026, 7, 1, 18, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void QuietHoursApplyToBulkSmsAndWhatsAppOnly()
    {
        Assert.True(Quiet.Applies("sms"));
        Assert.True(Quiet.Applies("whatsapp"));
        Assert.False(Quiet.Applies("telegram"));
    }
}

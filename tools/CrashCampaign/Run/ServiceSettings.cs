using System.Globalization;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>ServiceSettings: the configuration every life of the child gets: same data file, the fake Bot API, short leases and retries.</summary>
/// <remarks>
/// Leases, send timeout and retry waits are shortened (defaults: 2 min, 30 s, 30 s…1 h) so a campaign of minutes sees
/// recovered leases and exhausted retries settle; everything else is the service's default.
/// </remarks>
public sealed record ServiceSettings(string Folder, string DataFile, string FakeApiUrl, CampaignOptions Options)
{
    /// <summary>SendTimeout configured in the service; the fake's late answers come after it.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(3);

    /// <summary>Waits between attempts; a message fails after the first attempt and one more per wait.</summary>
    private static readonly string[] RetrySchedule = ["00:00:00.2", "00:00:00.5", "00:00:01", "00:00:02"];

    /// <summary>Attempts a message gets before it fails.</summary>
    public static int Attempts => RetrySchedule.Length + 1;

    /// <summary>For returns the settings, as command-line configuration, for a life listening on <paramref name="port"/>.</summary>
    public IEnumerable<(string Key, string Value)> For(int port)
    {
        var rate = Options.TelegramRate.ToString(CultureInfo.InvariantCulture);
        return
        [
            ("Urls", $"http://127.0.0.1:{port}"),
            ("Storage:Path", DataFile),
            ("Simulator:Enabled", "true"),
            ("Telegram:BotToken", FakeBotApi.Token),
            ("Telegram:ApiBaseUrl", FakeApiUrl),
            ("Telegram:PollTimeoutSeconds", "1"),
            ("Delivery:Channels:telegram:Rate", rate),
            ("Delivery:Channels:telegram:Burst", rate),
            ("Delivery:Channels:telegram:PerRecipientRate", "1"),
            ("Delivery:SendTimeout", SendTimeout.ToString("c", CultureInfo.InvariantCulture)),
            ("Delivery:LeaseTime", LeaseTime.ToString("c", CultureInfo.InvariantCulture)),
            ("Logging:LogLevel:Default", "Warning"),
            ("Logging:Console:FormatterName", "simple"),
            .. RetrySchedule.Select((wait, i) => ($"Delivery:RetrySchedule:{i}", wait)),
        ];
    }
}

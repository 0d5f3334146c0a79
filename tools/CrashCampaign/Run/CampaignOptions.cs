using System.Globalization;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>CampaignOptions: how hard and how long the campaign pushes the service (command line <c>--name value</c>).</summary>
public sealed record CampaignOptions
{
    /// <summary>SIGKILLs before the final, clean run.</summary>
    public int Kills { get; init; } = 100;

    /// <summary>Simulated contacts signing up at the same time (each sends its messages one after another).</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Inbound messages per second over all contacts; 0 sends as fast as the service answers.</summary>
    public double InboundRate { get; init; } = 400;

    /// <summary>Fake Telegram chats the bulk batches go to.</summary>
    public int Chats { get; init; } = 300;

    /// <summary>Messages per bulk batch.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>Share of sendMessage calls the fake provider fails: 5xx, 429 with retry_after and timeouts in equal parts.</summary>
    public double Faults { get; init; }

    /// <summary>How long the service runs after it is healthy before a kill: uniform between these.</summary>
    public TimeSpan MinUp { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxUp { get; init; } = TimeSpan.FromMilliseconds(2500);

    /// <summary>Share of kills aimed at a random moment of the start itself (opening the file, recovering leases).</summary>
    public double StartKills { get; init; } = 0.1;

    /// <summary>Telegram send rate configured in the service (messages per second).</summary>
    public double TelegramRate { get; init; } = 100;

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>Folder for the data file and the service's log; a fresh temp folder, deleted after a passing run, when null.</summary>
    public string? Folder { get; init; }

    public const string Usage =
        "usage: dotnet tools/CrashCampaign/bin/Release/net10.0/OutreachBot.CrashCampaign.dll [run] [--kills 100] [--concurrency 32]\n" +
        "         [--inbound-rate 400] [--chats 300] [--batch 50] [--faults 0.2] [--min-up-ms 200] [--max-up-ms 2500]\n" +
        "         [--start-kills 0.1] [--telegram-rate 100] [--seed N] [--folder PATH]";

    /// <summary>Parse reads the command line; unknown names and bad values are errors, not silently ignored.</summary>
    public static CampaignOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CampaignOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value.");
            var value = args[i + 1];
            options = name switch
            {
                "--kills" => options with { Kills = Int(name, value, 0) },
                "--concurrency" => options with { Concurrency = Int(name, value, 1) },
                "--inbound-rate" => options with { InboundRate = Number(name, value, 0, double.MaxValue) },
                "--chats" => options with { Chats = Int(name, value, 1) },
                "--batch" => options with { BatchSize = Int(name, value, 1) },
                "--faults" => options with { Faults = Number(name, value, 0, 0.9) },
                "--min-up-ms" => options with { MinUp = TimeSpan.FromMilliseconds(Int(name, value, 0)) },
                "--max-up-ms" => options with { MaxUp = TimeSpan.FromMilliseconds(Int(name, value, 1)) },
                "--start-kills" => options with { StartKills = Number(name, value, 0, 1) },
                "--telegram-rate" => options with { TelegramRate = Number(name, value, 1, 10_000) },
                "--seed" => options with { Seed = Int(name, value, int.MinValue) },
                "--folder" => options with { Folder = value },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        if (options.MaxUp < options.MinUp) throw new ArgumentException("--max-up-ms must not be below --min-up-ms.");
        if (options.BatchSize > options.Chats) throw new ArgumentException("--batch must not exceed --chats (one message per chat per batch).");
        return options;
    }

    private static int Int(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v : throw new ArgumentException($"{name} must be a whole number of at least {min}.");

    private static double Number(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v : throw new ArgumentException($"{name} must be a number from {min} to {max}.");
}

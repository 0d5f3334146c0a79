using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>BotHostFactory: the real host (Program) on a LiteDB file of the test's choosing, with optional fake time, settings and services.</summary>
/// <remarks>Two factories on the same <see cref="DbPath"/>, one after the other, model a restart.</remarks>
public sealed class BotHostFactory(string dbPath) : WebApplicationFactory<Program>
{
    public string DbPath { get; } = dbPath;

    /// <summary>Settings added on top of appsettings.json (e.g. "Telegram:BotToken").</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Time the host sees; null keeps the system clock.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>Extra service changes applied after the host's own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Logger provider to capture every log line (e.g. to prove secrets never reach logs).</summary>
    public ILoggerProvider? LogSink { get; init; }

    /// <summary>DisposeAsync returns once the host has let go of its data file, so the next factory on <see cref="DbPath"/> can start.</summary>
    /// <remarks>
    /// Program runs the host itself (RunOutreachBotAsync) and disposes it, releasing the file's lock, after the factory's
    /// own dispose has returned; a restart that came first would find the file held and refuse to start.
    /// </remarks>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Eventually.TrueAsync(() => OutreachBot.Storage.DataFileLock.FindHolder(DbPath) is null, "the stopped host releasing " + DbPath);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(
            new Dictionary<string, string?>(Settings) { ["Storage:Path"] = DbPath }));
        builder.ConfigureLogging(logging =>
        {
            if (LogSink is not null)
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddProvider(LogSink);
            }
        });
        builder.ConfigureTestServices(services =>
        {
            if (Time is not null) services.AddSingleton<TimeProvider>(Time);
            ConfigureServices?.Invoke(services);
        });
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Storage;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Telegram.Fake;

/// <summary>TelegramTestHost: a real ASP.NET Core host with the Telegram channel, a real LiteDB file and the recording pipeline.</summary>
/// <remarks>Several hosts can run one after another on the same database folder, to test restarts.</remarks>
internal sealed class TelegramTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelegramTestHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;
    public RecordingPipeline Pipeline => (RecordingPipeline)_app.Services.GetRequiredService<IInboundPipeline>();

    /// <summary>OffsetAsync reads the stored getUpdates offset (through the storage thread, as every read must).</summary>
    public async Task<string?> OffsetAsync() =>
        (await _app.Services.GetRequiredService<IChannelCursors>().GetAsync(ChannelCursor.TelegramOffset))?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public HttpClient CreateClient() => _app.GetTestClient();

    /// <summary>Settings for a channel talking to <paramref name="fake"/>; tests add or override entries.</summary>
    public static Dictionary<string, string?> Settings(FakeTelegramServer fake, string mode = "Polling") => new()
    {
        ["Telegram:BotToken"] = FakeTelegramServer.Token,
        ["Telegram:ApiBaseUrl"] = fake.BaseUrl,
        ["Telegram:Mode"] = mode,
        ["Telegram:PollTimeoutSeconds"] = "1",
        ["Telegram:WebhookUrl"] = "https://bot.example.org/webhooks/telegram",
        ["Telegram:WebhookSecret"] = "s3cret_Value-1-webhook",
    };

    /// <summary>StartAsync builds and starts the host; the LiteDB file lives in <paramref name="dataFolder"/>.</summary>
    public static async Task<TelegramTestHost> StartAsync(
        Dictionary<string, string?> settings, string dataFolder, TimeProvider time, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter((_, _) => true);
        if (logs is not null) builder.Logging.AddProvider(logs);

        var storage = new StorageOptions { Path = Path.Combine(dataFolder, "bot.db") };
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(_ => new LiteStore(storage.Path));
        builder.Services.AddSingleton<StorageWriter>();
        builder.Services.AddOutreachStorage(_ => storage, _ => null);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IInboundPipeline, RecordingPipeline>();
        builder.Services.AddTelegramChannel(builder.Configuration);

        var app = builder.Build();
        app.MapTelegramEndpoints();
        await app.StartAsync();
        return new TelegramTestHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

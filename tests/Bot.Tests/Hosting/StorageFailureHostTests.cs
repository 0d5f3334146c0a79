using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Engine;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>StorageFailureHostTests: after storage fails the service answers 5xx, /healthz says why, and the host exits with code 74.</summary>
public sealed class StorageFailureHostTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly FailingFsync _fsync = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>FailingFsync: the log's fsync, real until <see cref="Fail"/> is set, then an I/O error.</summary>
    private sealed class FailingFsync
    {
        public volatile bool Fail;

        public void Run(FileStream log)
        {
            if (Fail) throw new IOException($"Input/output error : '{log.Name}'", 5);
            LogFileSync.Fsync(log);
        }
    }

    [Fact]
    public async Task AFailedFsyncStopsTheServiceWithExitCode74()
    {
        var path = _folder.File("exit.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = path });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.AddOutreachBot();
        builder.Services.AddSingleton<IConversationEngine, ScriptedEngine>();
        builder.Services.AddSingleton(_ => new LiteStore(path, _fsync.Run));
        var app = builder.Build();
        app.MapOutreachBot();
        var started = new TaskCompletionSource();
        app.Lifetime.ApplicationStarted.Register(started.SetResult);

        var run = app.RunOutreachBotAsync(); // what Program runs
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _fsync.Fail = true;
        // Whichever write comes first (this one, delivery's, the pruner's) fails its fsync and stops storage.
        await Assert.ThrowsAsync<StorageStoppedException>(() => app.Services.GetRequiredService<StorageWriter>()
            .WriteAsync(s => s.ChannelStates.Upsert(new Storage.Documents.ChannelState { Id = "probe", Value = "1" })));

        Assert.Equal(ServiceExit.StorageFailed, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Critical") && l.Contains("exit code 74"));
    }

    /// <summary>HostWithoutWatchdog: the real host with a failing fsync, kept running after the failure so its answers can be checked.</summary>
    private BotHostFactory HostWithoutWatchdog(Action<Dictionary<string, string?>>? settings = null)
    {
        var host = new BotHostFactory(_folder.File("kept.db"))
        {
            LogSink = _logs,
            ConfigureServices = s =>
            {
                s.AddSingleton<IConversationEngine, ScriptedEngine>();
                s.AddSingleton(sp => new LiteStore(_folder.File("kept.db"), _fsync.Run));
                foreach (var watchdog in s.Where(d => d.ImplementationType == typeof(StorageWatchdog)).ToList()) s.Remove(watchdog);
            },
        };
        settings?.Invoke(host.Settings);
        return host;
    }

    [Fact]
    public async Task HealthzAnswers503NamingTheStorageFailure()
    {
        await using var host = HostWithoutWatchdog();
        using var client = host.CreateClient();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "healthz ok");

        _fsync.Fail = true;
        await client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "hi" });
        var health = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.StartsWith("storage stopped: IOException: Input/output error", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthzAnswers503WhenTheStorageThreadDoesNotAnswer()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new BotHostFactory(_folder.File("stuck.db")) { Time = time };
        using var client = host.CreateClient();
        var storage = host.Services.GetRequiredService<StorageWriter>();
        var holding = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var stuck = storage.WriteAsync(_ => { holding.Set(); gate.Wait(TimeSpan.FromSeconds(30)); });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));

        var health = client.GetAsync("/healthz");
        await Eventually.TrueAsync(() => { time.Advance(TimeSpan.FromSeconds(1)); return health.IsCompleted; }, "healthz answered");
        var answer = await health;
        gate.Set();
        await stuck;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.StartsWith("storage not answering", await answer.Content.ReadAsStringAsync());
        // Healthy again once the storage thread answers (delivery, whose start waited behind the stuck write, starts too).
        await Eventually.TrueAsync(async () => (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "healthy again");
    }

    [Fact]
    public async Task OnceStorageStoppedEveryInboundChannelAnswers503SoProvidersSendAgain()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = HostWithoutWatchdog(settings =>
        {
            foreach (var (key, value) in TwilioTestHost.Settings(twilio)) settings[key] = value;
            settings["Simulator:Enabled"] = "true"; // off by default next to a real channel
        });
        using var client = host.CreateClient();
        await client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "before" });
        _fsync.Fail = true;
        await client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "fails" });
        Assert.NotNull(host.Services.GetRequiredService<StorageWriter>().Failure);

        var simulator = await client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "after" });
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + new string('a', 32), ["SmsMessageSid"] = "SM" + new string('a', 32), ["AccountSid"] = FakeTwilioServer.AccountSid,
            ["From"] = "+201001234567", ["To"] = TwilioTestHost.SmsFrom, ["Body"] = "اشترك", ["NumMedia"] = "0",
        };
        using var sms = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/sms") { Content = new FormUrlEncodedContent(form) };
        sms.Headers.Add("X-Twilio-Signature", TwilioSigner.Sign(FakeTwilioServer.AuthToken, TwilioTestHost.PublicBaseUrl + "/webhooks/twilio/sms", form));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, simulator.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.SendAsync(sms)).StatusCode);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Error") && l.Contains("Storing Twilio Sms message"));
    }
}

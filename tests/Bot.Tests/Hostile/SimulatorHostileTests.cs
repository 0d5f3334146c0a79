using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;
using static OutreachBot.Bot.Tests.Hostile.SimulatorHostileCases;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>SimulatorHostileTests: the simulator API, /metrics and /healthz under a table of hostile requests on the real host.</summary>
public sealed class SimulatorHostileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BotHostFactory _host;
    private readonly HttpClient _client;

    public SimulatorHostileTests()
    {
        _host = new BotHostFactory(_folder.File("hostile.db"));
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
        _folder.Dispose();
    }

    private StorageWriter Storage => _host.Services.GetRequiredService<StorageWriter>();

    private Task<int> StoredAsync() => Storage.ReadAsync(s => s.Inbound.Count());

    [Fact]
    public async Task EveryHostileRequestGetsItsExpectedAnswerStoresOnlyWhatItShouldAndTheHostStillServes()
    {
        var cases = All().ToList();

        var failures = await HostileRun.SendAllAsync(_client, cases, Storage);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(cases.Sum(c => c.Stores), await StoredAsync());
        var after = await _client.PostAsJsonAsync(Messages, new { from = "after", text = "انضم" });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AStorageFailureAnswers503NotA500()
    {
        using var folder = new TempFolder();
        using var host = new BotHostFactory(folder.File("broken.db"))
        {
            ConfigureServices = services => services.AddSingleton<IInboundPipeline, FailingPipeline>(),
        };
        using var client = host.CreateClient();

        var response = await client.PostAsJsonAsync(Messages, new { from = "broken", text = "انضم" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var healthy = await _client.PostAsJsonAsync(Messages, new { from = "healthy", text = "انضم" });
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    /// <summary>FailingPipeline fails as storage does when the disk is full or the file is locked.</summary>
    private sealed class FailingPipeline : IInboundPipeline
    {
        public Task<PipelineResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken) =>
            Task.FromException<PipelineResult>(new IOException("disk full"));
    }

    [Fact]
    public async Task AResentMessageWithTheSameIdIsAnsweredAsDuplicateAndHandledOnce()
    {
        var first = await (await _client.PostAsJsonAsync(Messages, new { from = "twice", text = "انضم", id = "m-1" })).Content.ReadFromJsonAsync<SimulatorResponse>();
        var handled = await Storage.ReadAsync(s => (Outbox: s.Outbox.FindAll().Select(m => m.Id).ToList(), s.Sessions.FindAll().Single().State));

        var second = await (await _client.PostAsJsonAsync(Messages, new { from = "twice", text = "انضم", id = "m-1" })).Content.ReadFromJsonAsync<SimulatorResponse>();

        Assert.False(first!.Duplicate);
        Assert.NotEmpty(first.Replies);
        Assert.True(second!.Duplicate);
        Assert.Empty(second.Replies);
        Assert.Equal(1, await StoredAsync());
        var after = await Storage.ReadAsync(s => (Outbox: s.Outbox.FindAll().Select(m => m.Id).ToList(), s.Sessions.FindAll().Single().State));
        Assert.Equal(handled.Outbox, after.Outbox); // no second set of replies
        Assert.Equal(handled.State, after.State); // the flow did not step again
    }

    [Fact]
    public async Task AConcurrentBurstOfValidAndInvalidRequestsStoresEveryValidOneExactlyOnce()
    {
        const int Users = 12;
        var requests = new List<Func<Task<HttpResponseMessage>>>();
        for (var i = 0; i < Users; i++)
        {
            var n = i;
            // Each valid message is sent twice (a resend with the same id), interleaved with garbage.
            requests.Add(() => _client.PostAsJsonAsync(Messages, new { from = $"burst{n}", text = "انضم", id = $"burst-{n}" }));
            requests.Add(() => _client.PostAsJsonAsync(Messages, new { from = $"burst{n}", text = "انضم", id = $"burst-{n}" }));
            requests.Add(() => _client.SendAsync(Post(Messages, Garbage(512), "application/json")));
            requests.Add(() => _client.SendAsync(Post(Messages, Utf8("{\"from\":7}"), "application/json")));
        }

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(r)));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, r.StatusCode.ToString()));
        Assert.Equal(Users * 2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var stored = await Storage.ReadAsync(s => s.Inbound.FindAll().Select(e => e.ProviderId).ToList());
        // The simulator's provider id is per user ("user:id"): an id dedupes one user's resends only.
        Assert.Equal(Enumerable.Range(0, Users).Select(n => $"burst{n}:burst-{n}").Order(), stored.Order());
    }
}

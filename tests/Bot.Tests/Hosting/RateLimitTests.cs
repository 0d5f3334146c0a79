using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Engine;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>RateLimitTests: one client address over Inbound:RateLimit gets 429 on the public endpoints; others, loopback and /healthz do not.</summary>
/// <remarks>The window is an hour, so no request of a test can fall into a fresh window and pass by luck.</remarks>
public sealed class RateLimitTests : IDisposable
{
    private const int Limit = 3;
    private readonly TempFolder _folder = new();
    private readonly BotHostFactory _host;
    private readonly HttpClient _client;

    public RateLimitTests()
    {
        _host = new BotHostFactory(_folder.File("rate.db"))
        {
            ConfigureServices = s =>
            {
                s.AddSingleton<IConversationEngine, ScriptedEngine>();
                ClientAddress.AddTo(s);
            },
        };
        _host.Settings["Inbound:RateLimit"] = Limit.ToString();
        _host.Settings["Inbound:RateWindow"] = "01:00:00";
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
        _folder.Dispose();
    }

    private async Task<HttpStatusCode> SimulatorAsync(string client, string from = "alice")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/simulator/messages") { Content = JsonContent.Create(new { from, text = "hi" }) }.From(client);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> GetAsync(string path, string client)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path).From(client));
        return response.StatusCode;
    }

    [Fact]
    public async Task AClientOverTheLimitGets429OnEveryPublicEndpoint()
    {
        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.OK, await SimulatorAsync("203.0.113.5"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await SimulatorAsync("203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync("/api/simulator/messages/alice", "203.0.113.5"));
        using var webhook = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/sms")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Body"] = "hi" }),
        }.From("203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, webhook.StatusCode);
        using var telegram = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = JsonContent.Create(new { update_id = 1 }) }.From("203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, telegram.StatusCode);
        // Refused before the pipeline: only the three allowed messages were stored.
        var storage = _host.Services.GetRequiredService<Storage.StorageWriter>();
        Assert.Equal(Limit, await storage.ReadAsync(s => s.Inbound.Count()));
    }

    [Fact]
    public async Task AnotherAddressHealthzAndLoopbackClientsAreNotLimited()
    {
        for (var i = 0; i <= Limit; i++) await SimulatorAsync("203.0.113.5");
        Assert.Equal(HttpStatusCode.TooManyRequests, await SimulatorAsync("203.0.113.5"));

        Assert.Equal(HttpStatusCode.OK, await SimulatorAsync("203.0.113.6", from: "bob"));
        Assert.Equal(HttpStatusCode.OK, await SimulatorAsync("2001:db8::6", from: "bob"));
        for (var i = 0; i < 2 * Limit; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await GetAsync("/healthz", "203.0.113.5"));
            Assert.Equal(HttpStatusCode.OK, await GetAsync("/metrics", "203.0.113.5"));
            Assert.Equal(HttpStatusCode.OK, await SimulatorAsync("127.0.0.1", from: "carol"));
            Assert.Equal(HttpStatusCode.OK, await SimulatorAsync("::1", from: "carol"));
            // What a dual-mode socket (Urls http://[::]:5080) reports for the terminal chat on 127.0.0.1.
            Assert.Equal(HttpStatusCode.OK, await SimulatorAsync("::ffff:127.0.0.1", from: "carol"));
        }
    }
}

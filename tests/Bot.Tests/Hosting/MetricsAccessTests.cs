using System.Net;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>MetricsAccessTests: /metrics answers 403 outside Metrics:AllowedNetworks, 401 without Metrics:BearerToken, and is open when neither is set.</summary>
public sealed class MetricsAccessTests : IDisposable
{
    private const string Token = "metrics-t0ken-9f2c41d7";
    private readonly TempFolder _folder = new();
    private readonly CollectingLoggerProvider _logs = new();

    public void Dispose() => _folder.Dispose();

    private BotHostFactory Host(string[]? networks = null, string? token = null)
    {
        var host = new BotHostFactory(_folder.File(Guid.NewGuid().ToString("N") + ".db")) { LogSink = _logs, ConfigureServices = ClientAddress.AddTo };
        for (var i = 0; i < (networks?.Length ?? 0); i++) host.Settings[$"Metrics:AllowedNetworks:{i}"] = networks![i];
        if (token is not null) host.Settings["Metrics:BearerToken"] = token;
        return host;
    }

    private static async Task<HttpResponseMessage> ScrapeAsync(HttpClient client, string? from, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (from is not null) request.From(from);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("10.1.2.3", HttpStatusCode.OK)]
    [InlineData("10.255.255.255", HttpStatusCode.OK)]
    [InlineData("192.0.2.7", HttpStatusCode.OK)]
    [InlineData("::ffff:10.1.2.3", HttpStatusCode.OK)] // an IPv4 client on a dual-mode socket
    [InlineData("::ffff:192.0.2.7", HttpStatusCode.OK)]
    [InlineData("2001:db8::5", HttpStatusCode.OK)]
    [InlineData("11.0.0.1", HttpStatusCode.Forbidden)]
    [InlineData("192.0.2.8", HttpStatusCode.Forbidden)]
    [InlineData("::ffff:11.0.0.1", HttpStatusCode.Forbidden)]
    [InlineData("2001:db9::5", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Forbidden)] // no address known: not inside any network
    public async Task AllowedNetworksAdmitOnlyClientsInsideThem(string? client, HttpStatusCode expected)
    {
        await using var host = Host(networks: ["10.0.0.0/8", " 192.0.2.7 ", "2001:db8::/32"]);
        using var http = host.CreateClient();

        using var response = await ScrapeAsync(http, client);

        Assert.Equal(expected, response.StatusCode);
        using var health = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/healthz").From("11.0.0.1"));
        Assert.NotEqual(HttpStatusCode.Forbidden, health.StatusCode); // only /metrics is restricted
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer " + Token + "x")]
    [InlineData("Basic " + Token)]
    [InlineData(Token)]
    public async Task ABearerTokenIsRequiredWhenSet(string? authorization)
    {
        await using var host = Host(token: Token);
        using var http = host.CreateClient();

        using var refused = await ScrapeAsync(http, "198.51.100.1", authorization);
        using var admitted = await ScrapeAsync(http, "198.51.100.1", "Bearer " + Token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Contains("# TYPE", await admitted.Content.ReadAsStringAsync());
        Assert.DoesNotContain(Token, _logs.AllText);
    }

    [Fact]
    public async Task WithBothSetBothAreNeeded()
    {
        await using var host = Host(networks: ["10.0.0.0/8"], token: Token);
        using var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await ScrapeAsync(http, "10.0.0.9", "Bearer " + Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(http, "10.0.0.9")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScrapeAsync(http, "11.0.0.9", "Bearer " + Token)).StatusCode);
        Assert.DoesNotContain(Token, _logs.AllText);
    }

    [Fact]
    public async Task WithNeitherSetMetricsAreOpen()
    {
        await using var host = Host();
        using var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await ScrapeAsync(http, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ScrapeAsync(http, "203.0.113.9")).StatusCode);
    }
}

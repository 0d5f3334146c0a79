using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Simulator;

/// <summary>The simulator API's handling of good and bad requests, on the real host with a stand-in flow.</summary>
public sealed class SimulatorEndpointTests : ScriptedHostTest
{
    private Task<HttpResponseMessage> PostRaw(byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return Client.PostAsync("/api/simulator/messages", content);
    }

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task AMessageIsAnsweredWithItsReplies()
    {
        var response = await Client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "انضم" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Channels.Simulator.SimulatorResponse>();
        Assert.False(body!.Duplicate);
        Assert.Equal("echo: انضم", Assert.Single(body.Replies).Text);
    }

    [Fact]
    public async Task AResentIdIsHandledOnce()
    {
        var first = await Client.PostAsJsonAsync("/api/simulator/messages", new { from = "bob", text = "hi", id = "b-1" });
        var again = await Client.PostAsJsonAsync("/api/simulator/messages", new { from = "bob", text = "hi", id = "b-1" });
        Assert.False((await first.Content.ReadFromJsonAsync<Channels.Simulator.SimulatorResponse>())!.Duplicate);
        var second = await again.Content.ReadFromJsonAsync<Channels.Simulator.SimulatorResponse>();
        Assert.True(second!.Duplicate);
        Assert.Empty(second.Replies);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"from\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"from\": 5, \"text\": \"x\"}")]
    public async Task MalformedJsonGetsA400ThatSaysWhatIsExpected(string body)
    {
        var response = await PostRaw(Encoding.UTF8.GetBytes(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"from\"", await Detail(response));
    }

    [Theory]
    [InlineData("{\"text\": \"x\"}")]
    [InlineData("{\"from\": \"\", \"text\": \"x\"}")]
    [InlineData("{\"from\": \"a b\", \"text\": \"x\"}")]
    [InlineData("{\"from\": \"عربي\", \"text\": \"x\"}")]
    public async Task AMissingOrOddSenderGetsA400(string body)
    {
        var response = await PostRaw(Encoding.UTF8.GetBytes(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"from\" must be", await Detail(response));
    }

    [Fact]
    public async Task BinaryAndWrongEncodingGetA400()
    {
        var binary = await PostRaw([0xFF, 0xFE, 0x00, 0x01, 0x80, 0x90]);
        Assert.Equal(HttpStatusCode.BadRequest, binary.StatusCode);
        var utf16 = await PostRaw(Encoding.Unicode.GetBytes("{\"from\": \"a\", \"text\": \"انضم\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, utf16.StatusCode);
    }

    [Fact]
    public async Task AHugeBodyGetsA413()
    {
        var response = await PostRaw(Encoding.UTF8.GetBytes("{\"from\": \"a\", \"text\": \"" + new string('x', 200_000) + "\"}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task TenThousandCharactersAreAcceptedAndStoredWhole()
    {
        var text = string.Concat(Enumerable.Repeat("اهلا ", 2000));
        var response = await Client.PostAsJsonAsync("/api/simulator/messages", new { from = "long", text });
        response.EnsureSuccessStatusCode();
        var storage = Host.Services.GetRequiredService<Storage.StorageWriter>();
        var stored = await storage.ReadAsync(s => s.Inbound.FindAll().Single().Text);
        Assert.Equal(text, stored);
    }
}

using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>Odd inputs through the real host and flows: each gets a clear reply, nothing throws, nothing is lost.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> OddTexts => new()
    {
        "",
        "   ",
        new string('ش', 10_000),
        "😀🎉👍",
        "\u200F\u200E\u202B\u202C",
        "\u0001\u0002\u0007\u001B",
        "\0",
        "انضم\0",
        "\uD800",
    };

    [Theory]
    [MemberData(nameof(OddTexts))]
    public async Task AnOddMessageGetsAReplyAndIsStored(string text)
    {
        using var host = new BotHostFactory(_folder.File("odd.db"));
        var client = host.CreateClient();

        var response = await client.PostAsJsonAsync("/api/simulator/messages", new { from = "odd", text });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<SimulatorResponse>();

        Assert.NotEmpty(body!.Replies);
        Assert.All(body.Replies, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
        var storage = host.Services.GetRequiredService<StorageWriter>();
        Assert.Equal(1, await storage.ReadAsync(s => s.Inbound.Count()));
    }

    [Fact]
    public async Task OddMessagesInTheMiddleOfASignUpKeepItsPlace()
    {
        using var host = new BotHostFactory(_folder.File("mid.db"));
        var client = host.CreateClient();
        async Task<SimulatorResponse> Say(string text) =>
            (await (await client.PostAsJsonAsync("/api/simulator/messages", new { from = "mid", text })).Content.ReadFromJsonAsync<SimulatorResponse>())!;

        await Say("انضم");
        await Say("عربي");
        var storage = host.Services.GetRequiredService<StorageWriter>();
        var nameStep = await storage.ReadAsync(s => s.Sessions.FindAll().Single().State);
        foreach (var odd in new[] { "", "😀", "\0" })
        {
            Assert.NotEmpty((await Say(odd)).Replies);
            Assert.Equal(nameStep, await storage.ReadAsync(s => s.Sessions.FindAll().Single().State));
        }
        Assert.Contains("محافظة", (await Say("منى أحمد علي")).Replies[^1].Text);
        var session = await storage.ReadAsync(s => s.Sessions.FindAll().Single());
        Assert.Equal("منى أحمد علي", session.Answers.Values.Single(v => v.Contains("منى")));
    }
}

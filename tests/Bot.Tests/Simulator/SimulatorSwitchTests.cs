using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.Simulator;

/// <summary>SimulatorSwitchTests: the simulator is a development channel: on by default only without a real channel, 404 when off, ids per user, contacts marked.</summary>
public sealed class SimulatorSwitchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<(HttpStatusCode Post, HttpStatusCode Get)> TryAsync(HttpClient client) =>
        ((await client.PostAsJsonAsync("/api/simulator/messages", new { from = "alice", text = "انضم" })).StatusCode,
         (await client.GetAsync("/api/simulator/messages/alice")).StatusCode);

    [Fact]
    public async Task WithARealChannelConfiguredTheSimulatorIsOffAndItsEndpointsAnswer404()
    {
        await using var host = await TwilioTestHost.StartAsync();
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), await TryAsync(host.Client));
        Assert.Equal(0, await host.Storage.ReadAsync(s => s.Inbound.Count()));
    }

    [Fact]
    public async Task NextToARealChannelTheSimulatorCanBeTurnedOn()
    {
        await using var host = await TwilioTestHost.StartAsync(s => s["Simulator:Enabled"] = "true");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), await TryAsync(host.Client));
    }

    [Fact]
    public async Task WithoutARealChannelTheSimulatorIsOnUnlessTurnedOff()
    {
        using (var on = new BotHostFactory(_folder.File("on.db")))
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), await TryAsync(on.CreateClient()));
        using var off = new BotHostFactory(_folder.File("off.db")) { Settings = { ["Simulator:Enabled"] = "false" } };
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), await TryAsync(off.CreateClient()));
    }

    [Fact]
    public async Task AnIdDedupesOneUsersResendsNotAnotherUsersMessageAndContactsAreMarkedSimulated()
    {
        using var host = new BotHostFactory(_folder.File("ids.db"));
        var client = host.CreateClient();
        async Task<SimulatorResponse> Say(string from) =>
            (await (await client.PostAsJsonAsync("/api/simulator/messages", new { from, text = "انضم", id = "1" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SimulatorResponse>())!;

        var alice = await Say("alice");
        var bob = await Say("bob");
        var aliceAgain = await Say("alice");

        Assert.False(alice.Duplicate);
        Assert.False(bob.Duplicate);
        Assert.NotEqual(alice.ContactId, bob.ContactId);
        Assert.NotEmpty(bob.Replies);
        Assert.True(aliceAgain.Duplicate);
        var storage = host.Services.GetRequiredService<StorageWriter>();
        Assert.Equal(2, await storage.ReadAsync(s => s.Inbound.Count()));
        Assert.All(await storage.ReadAsync(s => s.Contacts.FindAll().ToList()), c => Assert.True(c.IsSimulated));
    }
}

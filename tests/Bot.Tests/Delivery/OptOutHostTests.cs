using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>OptOutHostTests: the real host and flows: a provider refusal after STOP never undoes the STOP.</summary>
public sealed class OptOutHostTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>BlockedAfterStop: the simulator channel as if the person blocked the bot right after STOP (Telegram's 403 "bot was blocked by the user").</summary>
    private sealed class BlockedAfterStop : IChannelSender
    {
        public string Channel => SimulatorChannel.Name;

        public Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<SendResult>(message.Purpose == ReplyPurpose.OptOutConfirmation
                ? new SendResult.ContactStopped("Forbidden: bot was blocked by the user")
                : new SendResult.Sent("sim-" + message.Id));
    }

    [Fact]
    public async Task AStoppedContactRefusedByTheProviderStaysStoppedUntilStart()
    {
        using var host = new BotHostFactory(_folder.File("bot.db")) { ConfigureServices = s => s.AddSingleton<IChannelSender, BlockedAfterStop>() };
        using var client = host.CreateClient();
        var writer = host.Services.GetRequiredService<StorageWriter>();
        var n = 0;
        async Task<SimulatorResponse> Say(string text) =>
            (await (await client.PostAsJsonAsync("/api/simulator/messages", new { from = "mona", text, id = "m" + n++ }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SimulatorResponse>())!;
        ContactStatus Status() => writer.ReadAsync(s => s.Contacts.FindAll().Single().Status).GetAwaiter().GetResult();

        Assert.NotEmpty((await Say("مساعدة")).Replies);
        Assert.NotEmpty((await Say("STOP")).Replies);
        await DeliveryRig.Eventually(() => writer.ReadAsync(s => s.Outbox.FindAll().ToList()).GetAwaiter().GetResult()
            .Single(m => m.Purpose == ReplyPurpose.OptOutConfirmation).Status == OutboxStatus.Failed, "the confirmation refused");
        Assert.Equal(ContactStatus.Stopped, Status());

        Assert.Empty((await Say("مساعدة")).Replies);
        Assert.Equal(ContactStatus.Stopped, Status());

        Assert.NotEmpty((await Say("START")).Replies);
        Assert.Equal(ContactStatus.Active, Status());
    }
}

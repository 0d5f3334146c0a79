using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Identity;

/// <summary>TypoTests: on the simulator with no SMS configured, a mistyped number squats nothing: its real owner later gets a record of their own.</summary>
public sealed class TypoTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ATypedNumberSquatsNothingAndItsOwnerLaterWritesAsSomeoneElse()
    {
        using var host = new BotHostFactory(_folder.File("typo.db"));
        var client = host.CreateClient();
        long typist = 0;
        foreach (var text in new[] { "انضم", "عربي", "منى أحمد علي", "المنيا", "مطاي", "01221234567", "2", "1", "1", "2", "نعم", "تأكيد" })
            typist = (await (await client.PostAsJsonAsync("/api/simulator/messages", new { from = "mona", text }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SimulatorResponse>())!.ContactId;

        var storage = host.Services.GetRequiredService<StorageWriter>();
        var registered = await storage.ReadAsync(s => s.Contacts.FindById(typist));
        Assert.NotNull(registered.VolunteerNumber);
        Assert.Null(registered.Phone);
        Assert.Equal("+201221234567", registered.UnverifiedPhone);
        Assert.Null(await storage.ReadAsync(s => ContactRepository.FindByUrn(s, "tel:+201221234567")));

        var pipeline = host.Services.GetRequiredService<IInboundPipeline>();
        var owner = await pipeline.HandleAsync(new InboundMessage("sms", "SMowner1", "tel:+201221234567", "مساعدة",
            InboundKind.Text, ChannelTraits.Sms, DateTimeOffset.UtcNow, ChannelPhone: "+201221234567"), CancellationToken.None);

        Assert.NotEqual(typist, owner.ContactId);
        Assert.Equal(2, await storage.ReadAsync(s => s.Contacts.Count()));
        Assert.Equal(["sim:mona"], (await storage.ReadAsync(s => s.Contacts.FindById(typist))).Urns);
        Assert.DoesNotContain(owner.Replies, r => r.Text.Contains(registered.VolunteerNumber!));
    }
}

using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.LiteDb;

namespace OutreachBot.Bot.Tests.Pipeline;

/// <summary>ContactIdAllocatorTests: contact ids (and the volunteer numbers made from them) are never handed out twice, restarts included.</summary>
public sealed class ContactIdAllocatorTests
{
    [Fact]
    public async Task AnIdFreedByAMergeIsNotHandedOutAgainAfterARestart()
    {
        using var h = new PipelineHarness(new ScriptedEngine());
        var now = h.Time.GetUtcNow();
        var sms = await h.Pipeline.HandleAsync(new InboundMessage("sms", "s1", "tel:+201001234567", "hi", InboundKind.Text, ChannelTraits.Simulator, now), default);
        var telegram = await h.Pipeline.HandleAsync(new InboundMessage("telegram", "t1", "telegram:9", "hi", InboundKind.Text, ChannelTraits.Simulator, now), default);
        // The Telegram contact (the newest id) gives the SMS contact's phone and is folded into it.
        await h.Pipeline.HandleAsync(new InboundMessage("telegram", "t2", "telegram:9", "phone", InboundKind.Text, ChannelTraits.Simulator, now, ChannelPhone: "+201001234567"), default);
        Assert.Null(h.Read(s => s.Contacts.FindById(telegram.ContactId)));
        Assert.True(telegram.ContactId > sms.ContactId);

        // A restart seeds a new allocator from the store.
        var afterRestart = new LiteConversationStore(h.Writer);
        Assert.True(await afterRestart.NextContactIdAsync() > telegram.ContactId, "the merged contact's id (and its volunteer number) would be reused");
    }
}

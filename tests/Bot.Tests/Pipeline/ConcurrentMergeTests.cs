using OutreachBot.Bot.Channels;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Pipeline;

/// <summary>ConcurrentMergeTests: a message handled while a merge by phone changes its contact must not write back a stale copy.</summary>
public sealed class ConcurrentMergeTests
{
    private const string Phone = "+201001234567";

    private static InboundMessage Sms(PipelineHarness h, string text) =>
        new("sms", Guid.NewGuid().ToString("N"), "tel:" + Phone, text, InboundKind.Text, ChannelTraits.Simulator, h.Time.GetUtcNow());

    private static InboundMessage Telegram(PipelineHarness h, string text, string? phone = null) =>
        new("telegram", Guid.NewGuid().ToString("N"), "telegram:9", text, InboundKind.Text, ChannelTraits.Simulator, h.Time.GetUtcNow(), ChannelPhone: phone);

    /// <summary>Runs <paramref name="held"/> until its flow step, lets <paramref name="meanwhile"/> finish, then lets the held one write.</summary>
    private static async Task InterleaveAsync(PipelineHarness h, HeldStep hold, InboundMessage held, InboundMessage meanwhile)
    {
        var first = Task.Run(() => h.Pipeline.HandleAsync(held, default));
        Assert.True(hold.Entered.Wait(TimeSpan.FromSeconds(10)), "the held message never reached its flow step");
        await h.Pipeline.HandleAsync(meanwhile, default);
        hold.Release.Set();
        await first;
    }

    [Fact]
    public async Task AMessageReadBeforeAMergeDoesNotResurrectTheMergedContact()
    {
        var hold = new HeldStep("held");
        using var h = new PipelineHarness(new ScriptedEngine { During = hold.During });
        var telegram = await h.Pipeline.HandleAsync(Telegram(h, "hi"), default);   // older: survives the merge
        var sms = await h.Pipeline.HandleAsync(Sms(h, "hello"), default);
        Assert.NotEqual(telegram.ContactId, sms.ContactId);

        // The SMS contact's message is read, then the Telegram contact gives the same phone and absorbs it.
        await InterleaveAsync(h, hold, Sms(h, "held"), Telegram(h, "my phone", Phone));

        var contact = Assert.Single(h.Read(s => s.Contacts.FindAll().ToList()));
        Assert.Equal(telegram.ContactId, contact.Id);
        Assert.Equal(["tel:" + Phone, "telegram:9"], contact.Urns.Order());
        Assert.Equal(telegram.ContactId, h.Read(s => ContactRepository.FindByUrn(s, "tel:" + Phone))!.Id);
        Assert.Null(h.Read(s => s.Sessions.FindById(sms.ContactId)));
        Assert.All(h.Read(s => s.Inbound.FindAll().ToList()), e => Assert.Equal(telegram.ContactId, e.ContactId));
        Assert.EndsWith(",held", h.Read(s => SessionRepository.Get(s, telegram.ContactId)).Answers["log"]);
    }

    [Fact]
    public async Task AMessageReadBeforeAMergeKeepsTheUrnsAndProfileTheMergeGaveItsContact()
    {
        var hold = new HeldStep("held");
        using var h = new PipelineHarness(new ScriptedEngine { During = hold.During });
        var sms = await h.Pipeline.HandleAsync(Sms(h, "hello"), default);            // older: survives the merge
        var telegram = await h.Pipeline.HandleAsync(Telegram(h, "hi"), default);

        // The SMS contact's message is read, then the Telegram contact gives the same phone and is folded into it.
        await InterleaveAsync(h, hold, Sms(h, "held"), Telegram(h, "my phone", Phone));

        var contact = Assert.Single(h.Read(s => s.Contacts.FindAll().ToList()));
        Assert.Equal(sms.ContactId, contact.Id);
        Assert.Equal(["tel:" + Phone, "telegram:9"], contact.Urns.Order());
        Assert.Equal(Phone, contact.Phone);
        Assert.Equal(sms.ContactId, h.Read(s => ContactRepository.FindByUrn(s, "telegram:9"))!.Id);
        Assert.Null(h.Read(s => s.Contacts.FindById(telegram.ContactId)));
    }

    [Fact]
    public async Task AFirstMessageFromANumberAnotherContactJustClaimedJoinsThatContact()
    {
        var hold = new HeldStep("held");
        using var h = new PipelineHarness(new ScriptedEngine { During = hold.During });
        var telegram = await h.Pipeline.HandleAsync(Telegram(h, "hi"), default);

        // A first SMS from the number is read (no contact yet); meanwhile the Telegram contact gives that number.
        await InterleaveAsync(h, hold, Sms(h, "held"), Telegram(h, "my phone", Phone));

        var contact = Assert.Single(h.Read(s => s.Contacts.FindAll().ToList()));
        Assert.Equal(telegram.ContactId, contact.Id);
        Assert.Equal(telegram.ContactId, h.Read(s => ContactRepository.FindByUrn(s, "tel:" + Phone))!.Id);
        Assert.All(h.Read(s => s.Inbound.FindAll().ToList()), e => Assert.Equal(telegram.ContactId, e.ContactId));
    }

    /// <summary>HeldStep: holds the flow step of the message with a given text until released.</summary>
    private sealed class HeldStep(string text)
    {
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Release { get; } = new();

        public void During(Inbound inbound)
        {
            if (inbound.Text != text) return;
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(10));
        }
    }
}

using OutreachBot.Flows.Model;
using OutreachBot.Storage.LiteDb;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Pipeline;

public sealed class MessagePipelineTests
{
    [Fact]
    public async Task TheSameProviderIdTwiceIsHandledOnce()
    {
        using var h = new PipelineHarness(new ScriptedEngine());
        var first = await h.Pipeline.HandleAsync(h.Message("alice", "hello", id: "m-1"), default);
        var again = await h.Pipeline.HandleAsync(h.Message("alice", "hello", id: "m-1"), default);

        Assert.False(first.Duplicate);
        Assert.Equal("echo: hello", Assert.Single(first.Replies).Text);
        Assert.True(again.Duplicate);
        Assert.Empty(again.Replies);
        Assert.Equal(first.ContactId, again.ContactId);
        Assert.Equal(1, h.Read(s => s.Inbound.Count()));
        Assert.Equal(1, h.Read(s => s.Outbox.Count()));
    }

    [Fact]
    public async Task ConcurrentRedeliveriesOfOneMessageAreHandledOnce()
    {
        using var h = new PipelineHarness(new ScriptedEngine());
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => h.Pipeline.HandleAsync(h.Message("bob", "x", id: "same"), default))));
        Assert.Single(results, r => !r.Duplicate);
        Assert.Equal(1, h.Read(s => s.Outbox.Count()));
    }

    [Fact]
    public async Task MessagesOfOneContactAreHandledOneAtATimeInArrivalOrder()
    {
        var engine = new ScriptedEngine { During = _ => Thread.Sleep(1) };
        using var h = new PipelineHarness(engine);
        var calls = Enumerable.Range(1, 40).Select(i => h.Pipeline.HandleAsync(h.Message("carol", i.ToString()), default)).ToList();
        await Task.WhenAll(calls);

        Assert.False(engine.Overlapped);
        var contact = (await new ContactRepository(h.Writer).FindByUrnAsync("sim:carol"))!;
        var log = (await new SessionRepository(h.Writer).GetAsync(contact.Id)).Answers["log"];
        Assert.Equal(string.Join(",", Enumerable.Range(1, 40)), log);
    }

    [Fact]
    public async Task DifferentContactsAreHandledInParallel()
    {
        var bobArrived = new ManualResetEventSlim();
        var engine = new ScriptedEngine
        {
            // Alice's step waits until Bob's has run: if contacts were serialised this would time out.
            During = inbound =>
            {
                if (inbound.Text == "alice") Assert.True(bobArrived.Wait(TimeSpan.FromSeconds(10)), "Bob's message waited behind Alice's");
                else bobArrived.Set();
            },
        };
        using var h = new PipelineHarness(engine);
        var alice = Task.Run(() => h.Pipeline.HandleAsync(h.Message("alice", "alice"), default));
        await Task.Delay(50);
        var bob = Task.Run(() => h.Pipeline.HandleAsync(h.Message("bob", "bob"), default));
        await Task.WhenAll(alice, bob);
        Assert.Equal(2, h.Read(s => s.Contacts.Count()));
    }

    [Fact]
    public async Task RepliesAreInTheOutboxOnceHandleReturns()
    {
        using var h = new PipelineHarness(new ScriptedEngine());
        var result = await h.Pipeline.HandleAsync(h.Message("dina", "hi", id: "d1"), default);
        var row = Assert.Single(h.Read(s => s.Outbox.FindAll().ToList()));
        Assert.Equal(result.ContactId, row.ContactId);
        Assert.Equal("sim:dina", row.Urn);
        Assert.Equal("sim:d1", row.InReplyTo);
        Assert.Equal(Storage.Documents.OutboxPriority.Reply, row.Priority);
        Assert.Equal(Storage.Documents.OutboxStatus.Queued, row.Status);
    }

    [Fact]
    public async Task NewContactsGetDistinctIdsThatContinueAfterARestartOfTheAllocator()
    {
        using var h = new PipelineHarness(new ScriptedEngine());
        var a = await h.Pipeline.HandleAsync(h.Message("u1", "x"), default);
        var b = await h.Pipeline.HandleAsync(h.Message("u2", "x"), default);
        Assert.NotEqual(a.ContactId, b.ContactId);
        var afterRestart = new LiteConversationStore(h.Writer);
        Assert.True(await afterRestart.NextContactIdAsync() > Math.Max(a.ContactId, b.ContactId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0")]
    [InlineData("\u200F\u200E\u202B")]
    [InlineData("😀😀😀")]
    public async Task OddTextsAreStoredAndAnswered(string text)
    {
        using var h = new PipelineHarness(new ScriptedEngine());
        var result = await h.Pipeline.HandleAsync(h.Message("eve", text), default);
        Assert.Single(result.Replies);
        Assert.Equal(text, Assert.Single(h.Read(s => s.Inbound.FindAll().ToList())).Text);
    }

    [Fact]
    public async Task AShortTextMessageKeepsItsKind()
    {
        using var h = new PipelineHarness(new ScriptedEngine());
        await h.Pipeline.HandleAsync(h.Message("f", "x") with { Kind = InboundKind.Media }, default);
        Assert.Equal("Media", Assert.Single(h.Read(s => s.Inbound.FindAll().ToList())).Kind);
    }
}

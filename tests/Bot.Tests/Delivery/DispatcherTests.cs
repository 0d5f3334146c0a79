using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>DispatcherTests: lanes, throttling, typed results and retries, on a real LiteDB file and fake time.</summary>
public sealed class DispatcherTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _folder.Dispose();

    private DeliveryRig Rig(DeliveryOptions options, params IChannelSender[] senders) =>
        new(_folder.File("outbox.db"), options, _time, senders);

    private static DeliveryOptions Options(double rate = 10, double burst = 10, double perRecipient = 0)
    {
        var options = DeliveryRig.ExactOptions();
        options.Channels["test"] = new ChannelRateOptions { Rate = rate, Burst = burst, PerRecipientRate = perRecipient };
        return options;
    }

    private OutboxMessage Bulk(int i, string? group = null) => Messages.Of("test", "test:" + i, "bulk " + i, OutboxPriority.Bulk, _time.GetUtcNow(), contactId: i, group: group);
    private OutboxMessage Reply(string urn, string text) => Messages.Of("test", urn, text, OutboxPriority.Reply, _time.GetUtcNow(), contactId: 9999);

    [Fact]
    public async Task ReplyOvertakesABulkBacklog()
    {
        var sender = new FakeSender("test", _time);
        await using var rig = Rig(Options(rate: 10, burst: 10), sender);
        await rig.AddAsync([.. Enumerable.Range(1, 2000).Select(i => Bulk(i))]);
        await rig.StartAsync();
        await DeliveryRig.Eventually(() => sender.Count == 10, "the first burst of bulk");

        var reply = (await rig.AddAsync(Reply("test:person", "تمام")))[0];
        await DeliveryRig.AdvanceUntil(_time, TimeSpan.FromMilliseconds(100), () => sender.Count >= 11, "one more send");

        Assert.Equal(reply.Id, sender.Calls[10].Id);
        await DeliveryRig.Eventually(() => rig.Load(reply.Id).Status == OutboxStatus.Sent, "reply marked sent");
    }

    [Fact]
    public async Task SenderIsHeldToItsRate()
    {
        var sender = new FakeSender("test", _time);
        await using var rig = Rig(Options(rate: 5, burst: 1), sender);
        await rig.AddAsync([.. Enumerable.Range(1, 20).Select(i => Bulk(i))]);
        await rig.StartAsync();

        await DeliveryRig.AdvanceUntil(_time, TimeSpan.FromMilliseconds(50), () => sender.Count == 20, "all sent");

        // Between the i-th and j-th send at most burst + rate × elapsed may go (one 50 ms step of slack for when the fake sees the call).
        var at = sender.Calls.Select(c => c.At).Order().ToList();
        for (var i = 0; i < at.Count; i++)
            for (var j = i + 1; j < at.Count; j++)
                Assert.True((j - i - 1) / 5.0 <= (at[j] - at[i]).TotalSeconds + 0.05, $"sends {i}..{j} within {at[j] - at[i]}");
    }

    [Fact]
    public async Task ThrottledAnswerPausesTheWholeSenderUntilRetryAfterExactly()
    {
        var retryAfter = TimeSpan.FromSeconds(7);
        var sender = new FakeSender("test", _time, (m, n) => n == 1 ? new SendResult.Throttled(retryAfter) : new SendResult.Sent("ok"));
        await using var rig = Rig(Options(rate: 1, burst: 1), sender);
        var first = (await rig.AddAsync(Bulk(1)))[0];
        await rig.StartAsync();
        await DeliveryRig.Eventually(() => rig.Load(first.Id).ErrorCode == "throttled", "throttled outcome");
        var answeredAt = sender.Calls[0].At;

        Assert.Equal(answeredAt + retryAfter, rig.Load(first.Id).NextAttemptAt);
        Assert.Equal(OutboxStatus.Queued, rig.Load(first.Id).Status);
        Assert.Equal(0, rig.Load(first.Id).Attempts);

        await rig.AddAsync(Bulk(2));
        _time.Advance(retryAfter - TimeSpan.FromMilliseconds(1));
        await Task.Delay(200);
        Assert.Equal(1, sender.Count);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await DeliveryRig.Eventually(() => sender.Count >= 2, "resumed at retry-after");
        Assert.Equal(answeredAt + retryAfter, sender.Calls[1].At);
        Assert.Equal(first.Id, sender.Calls[1].Id);
    }

    [Fact]
    public async Task TransientFailuresBackOffOnScheduleThenFailWithTheirReason()
    {
        var sender = new FakeSender("test", _time, (_, _) => new SendResult.TransientFailure("HTTP 503"));
        await using var rig = Rig(Options(), sender);
        var message = (await rig.AddAsync(Bulk(1)))[0];
        await rig.StartAsync();

        // Move fake time straight to each recorded retry time once the outcome is stored, so a slow machine
        // cannot let the clock run ahead of the dispatcher and stretch the measured gaps.
        for (var attempt = 1; attempt < 5; attempt++)
        {
            var done = attempt;
            await DeliveryRig.Eventually(() => sender.Count == done, $"attempt {done}");
            await DeliveryRig.Eventually(() => rig.Load(message.Id) is { Status: OutboxStatus.Queued } m && m.NextAttemptAt > _time.GetUtcNow(), $"retry {done} scheduled");
            _time.Advance(rig.Load(message.Id).NextAttemptAt - _time.GetUtcNow());
        }
        await DeliveryRig.Eventually(() => rig.Load(message.Id).Status == OutboxStatus.Failed, "given up");

        var times = sender.Calls.Select(c => c.At - Start).ToList();
        Assert.Equal(5, times.Count);
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.InRange(gaps[0], TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(35));
        Assert.InRange(gaps[1], TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));
        Assert.InRange(gaps[2], TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5));
        Assert.InRange(gaps[3], TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        var failed = rig.Load(message.Id);
        Assert.Equal("retries_exhausted", failed.ErrorCode);
        Assert.Equal("HTTP 503", failed.Error);
        Assert.Contains("outbox_retried_total{channel=\"test\"} 4", rig.MetricsText());
    }

    [Fact]
    public async Task PermanentFailureFailsAtOnce()
    {
        var sender = new FakeSender("test", _time, (_, _) => new SendResult.PermanentFailure("21211", "invalid number"));
        await using var rig = Rig(Options(), sender);
        var message = (await rig.AddAsync(Bulk(1)))[0];
        await rig.StartAsync();

        await DeliveryRig.Eventually(() => rig.Load(message.Id).Status == OutboxStatus.Failed, "failed");
        _time.Advance(TimeSpan.FromHours(2));
        await Task.Delay(100);

        Assert.Equal(1, sender.Count);
        Assert.Equal("21211", rig.Load(message.Id).ErrorCode);
        Assert.Equal("invalid number", rig.Load(message.Id).Error);
    }

    [Fact]
    public async Task StoppedContactIsBlockedAndItsQueuedMessagesFail()
    {
        var sender = new FakeSender("test", _time, (_, _) => new SendResult.ContactStopped("bot was blocked by the user"));
        await using var rig = Rig(Options(rate: 1, burst: 1), sender);
        await rig.Writer.WriteAsync(s => s.Contacts.Insert(new Contact { Id = 7, Urns = ["test:7"] }));
        var messages = await rig.AddAsync([.. Enumerable.Range(0, 3).Select(i => Messages.Of("test", "test:7", "m" + i, OutboxPriority.Bulk, Start, contactId: 7))]);
        await rig.StartAsync();

        await DeliveryRig.Eventually(() => messages.All(m => rig.Load(m.Id).Status == OutboxStatus.Failed), "all failed");
        _time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(100);

        Assert.Equal(1, sender.Count);
        Assert.All(messages, m => Assert.Equal("contact_stopped", rig.Load(m.Id).ErrorCode));
        Assert.Equal(ContactStatus.Blocked, rig.Read(s => s.Contacts.FindById(7).Status));
    }

    [Fact]
    public async Task ARefusedVerificationCodeFailsWithoutBlockingTheContactWhoTypedTheNumber()
    {
        var sender = new FakeSender("test", _time, (_, _) => new SendResult.ContactStopped("21610: the number unsubscribed"));
        await using var rig = Rig(Options(rate: 1, burst: 1), sender);
        await rig.Writer.WriteAsync(s => s.Contacts.Insert(new Contact { Id = 7, Urns = ["test:7"] }));
        var code = Messages.Of("test", "test:+201011112222", "كود التأكيد 123456", OutboxPriority.Reply, Start, contactId: 7);
        code.Purpose = ReplyPurpose.VerificationCode;
        var message = Assert.Single(await rig.AddAsync(code));
        await rig.StartAsync();

        await DeliveryRig.Eventually(() => rig.Load(message.Id).Status == OutboxStatus.Failed, "the code failed");

        Assert.Equal("contact_stopped", rig.Load(message.Id).ErrorCode);
        Assert.Equal(ContactStatus.Active, rig.Read(s => s.Contacts.FindById(7).Status));
    }

    [Fact]
    public async Task MoreThanTwentyIdenticalMessagesToOneContactWithinFiveMinutesFail()
    {
        var sender = new FakeSender("test", _time);
        await using var rig = Rig(Options(rate: 100, burst: 100), sender);
        var messages = await rig.AddAsync([.. Enumerable.Range(0, 25).Select(_ => Messages.Of("test", "test:5", "same text", OutboxPriority.Reply, Start, contactId: 5))]);
        await rig.StartAsync();

        await DeliveryRig.Eventually(() => messages.All(m => rig.Load(m.Id).Status is OutboxStatus.Sent or OutboxStatus.Failed), "all settled");

        Assert.Equal(20, sender.Count);
        Assert.Equal(5, messages.Count(m => rig.Load(m.Id).ErrorCode == "loop_guard"));
    }

    [Fact]
    public async Task GroupCountsShowProgressPerStatus()
    {
        var sender = new FakeSender("test", _time, (m, _) => m.Text.EndsWith('3') ? new SendResult.PermanentFailure("x", "bad") : new SendResult.Sent("ok"));
        await using var rig = Rig(Options(rate: 5, burst: 5), sender);
        await rig.AddAsync([.. Enumerable.Range(1, 8).Select(i => Bulk(i, group: "broadcast-1"))]);
        await rig.AddAsync(Bulk(100, group: "other"));
        await rig.StartAsync();
        await DeliveryRig.Eventually(() => sender.Count == 5, "first burst");
        // The calls returned; wait for their outcomes to be written rather than guess how long a write takes.
        var called = sender.Calls.Select(c => c.Id).ToList();
        await DeliveryRig.Eventually(() => called.All(id => rig.Load(id).Status is OutboxStatus.Sent or OutboxStatus.Failed), "the first burst settled");

        var counts = await rig.Bulk.CountsAsync("broadcast-1");

        Assert.Equal(4, counts[OutboxStatus.Sent]);
        Assert.Equal(1, counts[OutboxStatus.Failed]);
        Assert.Equal(3, counts[OutboxStatus.Queued]);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Status callbacks move the outbox record found by MessageSid forward only; forged ones change nothing.</summary>
public sealed class TwilioStatusCallbackTests
{
    private static async Task<long> SentMessageAsync(TwilioHost host, string sid) =>
        await host.Storage.WriteAsync(s => (long)s.Outbox.Insert(new OutboxMessage
        {
            Channel = "sms", Urn = "tel:+201001234567", Text = "x", Status = OutboxStatus.Sent, ProviderId = sid,
        }).AsInt64);

    private static Task<OutboxMessage> ReadAsync(TwilioHost host, long id) => host.Storage.ReadAsync(s => s.Outbox.FindById(id));

    [Fact]
    public async Task CallbacksMoveForwardAndLateOnesNeverBackwards()
    {
        await using var host = await TwilioHost.StartAsync();
        var id = await SentMessageAsync(host, "SMaaa");

        foreach (var (status, expected) in new[]
        {
            ("queued", OutboxStatus.Sent), ("delivered", OutboxStatus.Delivered), ("sent", OutboxStatus.Delivered),
            ("read", OutboxStatus.Read), ("delivered", OutboxStatus.Read), ("failed", OutboxStatus.Read),
        })
        {
            using var response = await host.StatusAsync("SMaaa", status);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(expected, (await ReadAsync(host, id)).Status);
        }
    }

    [Fact]
    public async Task UndeliveredIsFinalAndKeepsTwiliosErrorCode()
    {
        await using var host = await TwilioHost.StartAsync();
        var id = await SentMessageAsync(host, "SMbbb");

        (await host.StatusAsync("SMbbb", "undelivered", "30003")).EnsureSuccessStatusCode();
        (await host.StatusAsync("SMbbb", "delivered")).EnsureSuccessStatusCode();
        (await host.StatusAsync("SMbbb", "failed", "30008")).EnsureSuccessStatusCode();

        var message = await ReadAsync(host, id);
        Assert.Equal(OutboxStatus.Undelivered, message.Status);
        Assert.Equal("30003", message.ErrorCode);
    }

    [Fact]
    public async Task ForgedCallbackIsRefusedAndChangesNothing()
    {
        await using var host = await TwilioHost.StartAsync();
        var id = await SentMessageAsync(host, "SMccc");
        var form = new Dictionary<string, string> { ["MessageSid"] = "SMccc", ["MessageStatus"] = "failed" };

        using var response = await host.PostAsync("/webhooks/twilio/status", form, "Zm9yZ2Vk");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(OutboxStatus.Sent, (await ReadAsync(host, id)).Status);
    }

    [Fact]
    public async Task CallbackBeforeTheMessageSidIsRecordedIsAppliedOnceItIs()
    {
        await using var host = await TwilioHost.StartAsync();
        using (var sent = await host.StatusAsync("SMearly", "sent")) Assert.Equal(HttpStatusCode.NoContent, sent.StatusCode);
        using (var delivered = await host.StatusAsync("SMearly", "delivered")) Assert.Equal(HttpStatusCode.NoContent, delivered.StatusCode);
        using (var late = await host.StatusAsync("SMearly", "sent")) Assert.Equal(HttpStatusCode.NoContent, late.StatusCode);
        var statuses = host.Factory.Services.GetRequiredService<TwilioStatusUpdater>();
        Assert.Equal(0, await statuses.SweepAsync());

        var id = await SentMessageAsync(host, "SMearly"); // the delivery engine records the MessageSid only now
        Assert.Equal(1, await statuses.SweepAsync());
        Assert.Equal(OutboxStatus.Delivered, (await ReadAsync(host, id)).Status);
        Assert.Equal(0, await host.Storage.ReadAsync(s => s.ChannelStates.Find(x => x.Id.StartsWith("twilio.status.")).Count()));
    }

    [Fact]
    public async Task EarlyCallbackForAMessageNeverRecordedIsDroppedAfterADay()
    {
        await using var host = await TwilioHost.StartAsync();
        (await host.StatusAsync("SMnever", "delivered")).EnsureSuccessStatusCode();
        var statuses = host.Factory.Services.GetRequiredService<TwilioStatusUpdater>();

        host.Time.Advance(TimeSpan.FromHours(23));
        await statuses.SweepAsync();
        Assert.Equal(1, await host.Storage.ReadAsync(s => s.ChannelStates.Find(x => x.Id.StartsWith("twilio.status.")).Count()));
        host.Time.Advance(TimeSpan.FromHours(2));
        await statuses.SweepAsync();
        Assert.Equal(0, await host.Storage.ReadAsync(s => s.ChannelStates.Find(x => x.Id.StartsWith("twilio.status.")).Count()));
    }
}

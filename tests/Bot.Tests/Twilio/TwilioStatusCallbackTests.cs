using System.Net;
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
    public async Task CallbackForAnUnknownMessageIsAcknowledged()
    {
        await using var host = await TwilioHost.StartAsync();
        using var response = await host.StatusAsync("SMunknown", "delivered");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}

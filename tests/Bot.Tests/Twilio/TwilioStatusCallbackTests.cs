using System.Net;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Delivery reports on /webhooks/twilio/status move the outbox row of their MessageSid forward only.</summary>
public sealed class TwilioStatusCallbackTests
{
    private const string Sid = "SM00000000000000000000000000000abc";

    private static async Task<long> SentRowAsync(TwilioTestHost host, string sid = Sid) =>
        await host.Storage.WriteAsync(s => s.Outbox.Insert(new OutboxMessage
        {
            ContactId = 1, Channel = "sms", Urn = "tel:+201001234567", Text = "تمام", Status = OutboxStatus.Sent, ProviderId = sid,
        }).AsInt64);

    private static Task<OutboxMessage> RowAsync(TwilioTestHost host, long id) => host.Storage.ReadAsync(s => s.Outbox.FindById(id));

    [Fact]
    public async Task ReportsMoveTheRowThroughDeliveredToRead()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var id = await SentRowAsync(host);

        Assert.Equal(HttpStatusCode.OK, (await host.StatusAsync(Sid, "delivered")).StatusCode);
        Assert.Equal(OutboxStatus.Delivered, (await RowAsync(host, id)).Status);
        await host.StatusAsync(Sid, "read");
        Assert.Equal(OutboxStatus.Read, (await RowAsync(host, id)).Status);
    }

    [Fact]
    public async Task LateOrRepeatedReportsNeverMoveTheStatusBackwards()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var id = await SentRowAsync(host);

        await host.StatusAsync(Sid, "delivered");
        foreach (var late in new[] { "sent", "queued", "sending", "delivered", "undelivered" })
            Assert.Equal(HttpStatusCode.OK, (await host.StatusAsync(Sid, late)).StatusCode);
        Assert.Equal(OutboxStatus.Delivered, (await RowAsync(host, id)).Status);
    }

    [Fact]
    public async Task UndeliveredIsFinalAndKeepsTwiliosErrorCode()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var id = await SentRowAsync(host);

        await host.StatusAsync(Sid, "undelivered", errorCode: "30005");
        await host.StatusAsync(Sid, "delivered");
        await host.StatusAsync(Sid, "read");

        var row = await RowAsync(host, id);
        Assert.Equal(OutboxStatus.Undelivered, row.Status);
        Assert.Equal("30005", row.ErrorCode);
    }

    [Fact]
    public async Task AReportThatOvertakesTheSendIsKeptAndAppliedOnceTheRecordHasTheSid()
    {
        await using var host = await TwilioTestHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.StatusAsync(Sid, "sent")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.StatusAsync(Sid, "failed", errorCode: "30007")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.StatusAsync(Sid, "queued")).StatusCode);

        // The delivery engine records the send as Sent only now; the next sweep brings the kept report.
        var id = await SentRowAsync(host);
        host.Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await RowAsync(host, id)).Status == OutboxStatus.Failed, "the kept 'failed' report applied");
        Assert.Equal("30007", (await RowAsync(host, id)).ErrorCode);
        await Eventually.TrueAsync(async () => await KeptCountAsync(host) == 0, "the kept report removed");
    }

    [Fact]
    public async Task KeptReportsForMessagesThatNeverShowUpAreDroppedAfterADay()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await host.StatusAsync("SM000000000000000000000000000000ee", "delivered");
        Assert.Equal(1, await KeptCountAsync(host));

        host.Time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(100);
        Assert.Equal(1, await KeptCountAsync(host));
        host.Time.Advance(TimeSpan.FromDays(1));
        await Eventually.TrueAsync(async () => await KeptCountAsync(host) == 0, "the stale report dropped");
    }

    private static Task<int> KeptCountAsync(TwilioTestHost host) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OutreachBot.Storage.IOutboxStore>(host.Services).WriteAsync(changes => changes.KeptReports().Count);

    [Fact]
    public async Task AReportForAnUnknownMessageIsAcknowledgedAndLogged()
    {
        await using var host = await TwilioTestHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.StatusAsync("SM000000000000000000000000000000ff", "delivered")).StatusCode);
        Assert.Contains(host.Logs.Lines, l => l.Contains("unknown message SM000000000000000000000000000000ff"));
    }

    [Fact]
    public async Task AForgedReportIsRefusedAndChangesNothing()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var id = await SentRowAsync(host);
        var form = new Dictionary<string, string> { ["MessageSid"] = Sid, ["MessageStatus"] = "failed" };

        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync("/webhooks/twilio/status", form, "Zm9yZ2Vk")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync("/webhooks/twilio/status", form, "")).StatusCode);
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(host, id)).Status);
    }

    [Theory]
    [InlineData(OutboxStatus.Sent, OutboxStatus.Delivered, true)]
    [InlineData(OutboxStatus.Delivered, OutboxStatus.Read, true)]
    [InlineData(OutboxStatus.Sent, OutboxStatus.Read, true)]
    [InlineData(OutboxStatus.Sent, OutboxStatus.Failed, true)]
    [InlineData(OutboxStatus.Sending, OutboxStatus.Undelivered, true)]
    [InlineData(OutboxStatus.Delivered, OutboxStatus.Sent, false)]
    [InlineData(OutboxStatus.Read, OutboxStatus.Delivered, false)]
    [InlineData(OutboxStatus.Delivered, OutboxStatus.Undelivered, false)]
    [InlineData(OutboxStatus.Failed, OutboxStatus.Delivered, false)]
    [InlineData(OutboxStatus.Undelivered, OutboxStatus.Failed, false)]
    [InlineData(OutboxStatus.Sent, OutboxStatus.Sent, false)]
    public void OnlyForwardMovesAreApplied(OutboxStatus current, OutboxStatus next, bool applies) =>
        Assert.Equal(applies, OutboxStatusRepository.Advances(current, next));
}

using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Identity;

/// <summary>UnprovenNumberDeliveryTests: delivery sends no SMS to a typed, unproven number except the code, whoever queued it.</summary>
public sealed class UnprovenNumberDeliveryTests
{
    private const string Typed = "+201001234567";

    [Fact]
    public async Task AnythingButTheCodeQueuedForATypedNumberFailsWithoutReachingTwilio()
    {
        await using var host = await TwilioTestHost.StartAsync(s => s["Simulator:Enabled"] = "true", delivery: true);
        host.Time.Advance(TimeSpan.FromHours(2)); // well outside quiet hours, so bulk is not held
        var client = host.Client;
        long contactId = 0;
        foreach (var text in new[] { "انضم", "عربي", "بوب سمير علي", "المنيا", "ملوي", "01001234567" })
            contactId = (await (await client.PostAsJsonAsync("/api/simulator/messages", new { from = "bob", text }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SimulatorResponse>())!.ContactId;
        await Eventually.TrueAsync(() => host.Fake.Requests.Count == 1, "the code sent");

        // A producer (or a bug) queues other texts for the typed number: a reminder, and a "code" for another number.
        var bulk = host.Services.GetRequiredService<BulkOutbox>();
        var queued = await bulk.EnqueueBulkAsync(
        [
            new OutboxMessage { ContactId = contactId, Channel = "sms", Urn = "tel:" + Typed, Text = "تذكير بالحملة", Language = "ar" },
            new OutboxMessage { ContactId = contactId, Channel = "sms", Urn = "tel:+201221234567", Text = "رمز 123456", Language = "ar", Purpose = ReplyPurpose.VerificationCode },
        ], CancellationToken.None);

        await Eventually.TrueAsync(async () => (await host.OutboxAsync()).Where(m => queued.Any(q => q.Id == m.Id)).All(m => m.Status == OutboxStatus.Failed),
            "both refused");
        Assert.All((await host.OutboxAsync()).Where(m => queued.Any(q => q.Id == m.Id)), m => Assert.Equal("unproven_number", m.ErrorCode));
        var sent = Assert.Single(host.Fake.Requests);
        Assert.Equal(Typed, sent["To"]);
        await Eventually.TrueAsync(async () => (await host.OutboxAsync()).Any(m => m.Channel == "sms" && m.Status == OutboxStatus.Sent), "the code settled");
        Assert.Equal(ReplyPurpose.VerificationCode, Assert.Single(await host.OutboxAsync(), m => m.Status == OutboxStatus.Sent && m.Channel == "sms").Purpose);
    }
}

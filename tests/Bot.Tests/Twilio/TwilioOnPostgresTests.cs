using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>SMS through the real Twilio client and the fake provider, with the service on PostgreSQL: reply, delivery report, refusal.</summary>
public sealed class TwilioOnPostgresTests
{
    private const string Mona = "+201001234567";

    private static async Task<TwilioTestHost> StartAsync()
    {
        var store = await StoreHosts.SettingsAsync(StoreKind.PostgreSql);
        return await TwilioTestHost.StartAsync(configure: s => { foreach (var (k, v) in store) s[k] = v; }, delivery: true);
    }

    /// <summary>SettledAsync waits for <paramref name="condition"/> while moving the fake clock on: on a shared store
    /// delivery starts its buckets empty (another instance may have just sent), so the first message waits 1/rate.</summary>
    private static Task SettledAsync(TwilioTestHost host, Func<Task<bool>> condition, string what) => Eventually.TrueAsync(async () =>
    {
        host.Time.Advance(TimeSpan.FromMilliseconds(20));
        return await condition();
    }, what);

    private static Task<IReadOnlyList<OutboxMessage>> OutboxAsync(TwilioTestHost host) =>
        host.Services.GetRequiredService<IOutboxStore>().WriteAsync<IReadOnlyList<OutboxMessage>>(c =>
            [.. Enumerable.Range(1, 50).Select(i => c.Find(i)).OfType<OutboxMessage>()]);

    [Fact]
    public async Task AnSmsIsAnsweredThroughTwilioAndItsDeliveryReportMovesTheRow()
    {
        await using var host = await StartAsync();
        Assert.Equal("PgOutboxStore", host.Services.GetRequiredService<IOutboxStore>().GetType().Name);
        (await host.SmsAsync(Mona, "اشترك")).EnsureSuccessStatusCode();

        await SettledAsync(host, async () => (await OutboxAsync(host)) is [{ Status: OutboxStatus.Sent }], "the reply sent");
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal(Mona, request["To"]);
        var sid = (await OutboxAsync(host))[0].ProviderId!;

        (await host.StatusAsync(sid, "delivered")).EnsureSuccessStatusCode();
        Assert.Equal(OutboxStatus.Delivered, (await OutboxAsync(host))[0].Status);
        // A redelivered SMS is a duplicate on the shared database too: no second reply.
        (await host.SmsAsync(Mona, "اشترك", sid: "SM" + new string('a', 32))).EnsureSuccessStatusCode();
        (await host.SmsAsync(Mona, "اشترك", sid: "SM" + new string('a', 32))).EnsureSuccessStatusCode();
        await SettledAsync(host, async () => (await OutboxAsync(host)).Count == 2 && (await OutboxAsync(host)).All(m => m.Status >= OutboxStatus.Sent), "one more reply, sent");
    }

    [Fact]
    public async Task TwiliosOptedOutErrorBlocksTheContactOnPostgreSql()
    {
        await using var host = await StartAsync();
        host.Fake.ScriptError(400, 21610, "Attempt to send to unsubscribed recipient");
        (await host.SmsAsync(Mona, "اشترك")).EnsureSuccessStatusCode();

        await SettledAsync(host, async () => (await OutboxAsync(host)) is [{ Status: OutboxStatus.Failed }], "the reply failed");
        Assert.Equal("contact_stopped", (await OutboxAsync(host))[0].ErrorCode);
        var contact = (await host.Services.GetRequiredService<IConversationStore>().LoadAsync("tel:" + Mona)).Contact!;
        Assert.Equal(ContactStatus.Blocked, contact.Status);
    }
}

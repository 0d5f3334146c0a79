using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>An Arabic sign-up by SMS through the real host: signed webhooks in, the delivery engine's REST sends out to the fake, delivery reports back.</summary>
public sealed class TwilioSignUpTests
{
    private const string Fatma = "+201001234567";

    private static readonly string[] Answers =
        ["اشترك", "1", "فاطمة محمود حسن", "المنيا", "دير مواس", "2", "1", "١، ٣", "1 2 3", "نعم", "1"];

    /// <summary>AllSentAsync waits until the delivery engine has handed every outbox row to Twilio.</summary>
    private static Task AllSentAsync(TwilioTestHost host) =>
        Eventually.TrueAsync(async () => (await host.OutboxAsync()).All(m => m.Status == OutboxStatus.Sent && m.ProviderId is not null)
            && host.Fake.Requests.Count == (await host.OutboxAsync()).Count, "every reply sent to Twilio");

    private static async Task<TwilioTestHost> SignUpAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var host = await TwilioTestHost.StartAsync(configure, delivery: true);
        foreach (var answer in Answers)
        {
            var response = await host.SmsAsync(Fatma, answer);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await AllSentAsync(host);
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }
        return host;
    }

    [Fact]
    public async Task AnArabicSignUpBySmsEndsRegisteredWithTheNumberTheChannelGave()
    {
        await using var host = await SignUpAsync();

        var contact = await host.Storage.ReadAsync(s => s.Contacts.FindAll().Single());
        Assert.Equal("فاطمة محمود حسن", contact.Name);
        Assert.Equal(Fatma, contact.Phone);
        Assert.Equal(["tel:" + Fatma], contact.Urns);
        Assert.NotNull(contact.VolunteerNumber);

        var sms = host.Fake.Requests;
        Assert.All(sms, r => Assert.Equal(Fatma, r["To"]));
        // The registration with the volunteer number, then the quiz offered to a new volunteer.
        Assert.Contains(contact.VolunteerNumber, sms[^2]["Body"]);
        Assert.Equal("تحب تبدأ الاختبار دلوقتي؟\n1- أيوه\n2- لأ", sms[^1]["Body"]);
        Assert.Contains(sms, r => r["Body"]!.Contains("1- عربي"));
        host.Fake.AssertNoUnexpectedRequests();

        var outbox = await host.OutboxAsync();
        Assert.Equal(sms.Count, outbox.Count);
        foreach (var row in outbox) Assert.Equal(HttpStatusCode.OK, (await host.StatusAsync(row.ProviderId!, "delivered")).StatusCode);
        Assert.All(await host.OutboxAsync(), row => Assert.Equal(OutboxStatus.Delivered, row.Status));
    }

    [Fact]
    public async Task TheAuthTokenNeverReachesTheLogsAndNumbersAreMasked()
    {
        // Every category at Trace, so the HTTP client's and the library's most talkative lines are searched too.
        await using var host = await SignUpAsync(settings =>
        {
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace";
        });
        host.Fake.ScriptError(400, 21211, "The 'To' number +201001234567 is not a valid phone number.");
        await host.Sender("sms").SendAsync(new OutboxMessage { Id = 99, Channel = "sms", Urn = "tel:" + Fatma, Text = "x" }, CancellationToken.None);
        await host.PostAsync("/webhooks/twilio/sms", host.InboundForm(Fatma, "forged"), "Zm9yZ2Vk");

        var logs = host.Logs.AllText;
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Trace ") || l.StartsWith("Debug "));
        Assert.Contains("+20100****567", logs);
        Assert.DoesNotContain(FakeTwilioServer.AuthToken, logs);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeTwilioServer.AccountSid + ":" + FakeTwilioServer.AuthToken)), logs);
        Assert.DoesNotContain("201001234567", logs);
        Assert.DoesNotContain("1001234567", logs);
    }
}

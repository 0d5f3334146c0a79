using System.Net;
using System.Text;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>HostileLogTests: at Trace level, sign-ups over SMS and Telegram (plus refused webhooks) leave no secret and no full phone number in any log line.</summary>
public sealed class HostileLogTests
{
    private const string SmsPhone = "+201001234599";
    private const string TelegramPhoneDigits = "201112223334";
    private const string TelegramSecret = "s3cret_Value-1-webhook";

    [Fact]
    public async Task SignUpsBySmsAndTelegramAtTraceLevelLogNoSecretAndNoFullPhoneNumber()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var host = await TwilioTestHost.StartAsync(settings =>
        {
            foreach (var (key, value) in TelegramTestHost.Settings(telegram, mode: "Webhook")) settings[key] = value;
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["Logging:LogLevel:Microsoft"] = "Trace";
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace";
            settings["Logging:LogLevel:Microsoft.Extensions.Http"] = "Trace";
        }, delivery: true);

        foreach (var answer in new[] { "اشترك", "1", "فاطمة محمود حسن", "المنيا", "دير مواس", "2", "1", "١، ٣", "1 2 3", "نعم", "1" })
        {
            Assert.Equal(HttpStatusCode.OK, (await host.SmsAsync(SmsPhone, answer)).StatusCode);
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }
        // Refused webhooks log too: a forged one and a malformed one from the same number.
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync("/webhooks/twilio/sms", host.InboundForm(SmsPhone, "forged"), "Zm9yZ2Vk")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostAsync("/webhooks/twilio/sms", new Dictionary<string, string>(host.InboundForm(SmsPhone, "x")) { ["NumMedia"] = "many" })).StatusCode);

        var id = 100;
        var updates = new List<string> { RecordedUpdates.Start(id++, "src_log") };
        updates.AddRange(new[] { "سجل متطوع", "عربي", "منى سعيد", "المنيا", "ملوي" }.Select(a => RecordedUpdates.Text(id++, a)));
        updates.Add(RecordedUpdates.OwnContact(id++, TelegramPhoneDigits));
        updates.AddRange(new[] { "2", "2", "1 3", "1،3", "موافق", "تأكيد" }.Select(a => RecordedUpdates.Text(id++, a)));
        foreach (var update in updates)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = new StringContent(update, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramSecret);
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);
        }

        await Eventually.TrueAsync(async () =>
        {
            host.Time.Advance(TimeSpan.FromSeconds(5)); // per-recipient spacing waits on the fake clock
            var outbox = await host.OutboxAsync();
            return outbox.Count(m => m.Channel == "telegram") > 10 && outbox.All(m => m.Status == OutboxStatus.Sent);
        }, "every reply sent");
        var contacts = await host.Storage.ReadAsync(s => s.Contacts.FindAll().ToList());
        Assert.Equal(2, contacts.Count(c => c.VolunteerNumber is not null));

        var logs = host.Logs.AllText;
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Trace ") || l.StartsWith("Debug "));
        Assert.Contains("+20100****599", logs); // the number is logged, masked
        string[] forbidden =
        [
            SmsPhone, SmsPhone[1..], "0" + SmsPhone[3..],
            "+" + TelegramPhoneDigits, TelegramPhoneDigits, "0" + TelegramPhoneDigits[2..],
            FakeTelegramServer.Token, FakeTelegramServer.Token.Split(':')[1], TelegramSecret,
            FakeTwilioServer.AuthToken, Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeTwilioServer.AccountSid + ":" + FakeTwilioServer.AuthToken)),
        ];
        var leaks = forbidden.Where(s => logs.Contains(s, StringComparison.Ordinal))
            .Select(s => s + " in: " + host.Logs.Lines.First(l => l.Contains(s, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}

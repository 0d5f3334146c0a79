using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Outside the WhatsApp window, people who chose English get the English template when one is configured.</summary>
public sealed class WhatsAppTemplateLanguageTests
{
    private const string EnglishTemplate = "HXfedcba9876543210fedcba9876543210";

    private static OutboxMessage To(string language) =>
        new() { ContactId = 1, Channel = "whatsapp", Urn = "whatsapp:+201001234567", Text = "Reminder", Language = language };

    [Fact]
    public async Task EnglishTextsGoAsTheEnglishTemplateAndArabicOnesAsTheArabicTemplate()
    {
        await using var host = await TwilioTestHost.StartAsync(s => s["Twilio:WhatsAppTemplateContentSidEn"] = EnglishTemplate);
        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(To("en"), CancellationToken.None));
        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(To("ar"), CancellationToken.None));

        Assert.Equal([EnglishTemplate, TwilioTestHost.TemplateSid], host.Fake.Requests.Select(r => r["ContentSid"]));
    }

    [Fact]
    public async Task WithoutAnEnglishTemplateEveryoneGetsTheArabicOne()
    {
        await using var host = await TwilioTestHost.StartAsync();
        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(To("en"), CancellationToken.None));
        Assert.Equal(TwilioTestHost.TemplateSid, Assert.Single(host.Fake.Requests)["ContentSid"]);
    }
}

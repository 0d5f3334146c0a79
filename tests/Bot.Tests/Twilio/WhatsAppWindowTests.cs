using System.Text.Json;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>WhatsApp's 24-hour window: free-form inside it, the approved template or SMS outside it, and Twilio's 63016 answer.</summary>
public sealed class WhatsAppWindowTests
{
    private const string Mona = "+201001234567";
    private const string Text = "فاكرينك! بكرة الساعة ١٠ الصبح تنظيف الجنينة في المنيا.";

    private static OutboxMessage WhatsApp() => new() { Id = 9, ContactId = 1, Channel = "whatsapp", Urn = "whatsapp:" + Mona, Text = Text };

    /// <summary>WroteOnWhatsAppAsync: Mona writes on WhatsApp now (a signed webhook, so the pipeline logs it), then time moves on.</summary>
    private static async Task WroteOnWhatsAppAsync(TwilioTestHost host, TimeSpan thenWait)
    {
        var response = await host.PostAsync("/webhooks/twilio/whatsapp", host.InboundForm(Mona, "مساعدة", whatsApp: true));
        response.EnsureSuccessStatusCode();
        host.Time.Advance(thenWait);
    }

    [Fact]
    public async Task InsideTheWindowTheTextGoesFreeForm()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await WroteOnWhatsAppAsync(host, TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), CancellationToken.None));
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal("whatsapp:" + Mona, request["To"]);
        Assert.Equal("whatsapp:" + TwilioTestHost.WhatsAppFrom, request["From"]);
        Assert.Equal(Text, request["Body"]);
        Assert.Null(request["ContentSid"]);
    }

    [Fact]
    public async Task OutsideTheWindowTheApprovedTemplateCarriesTheText()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await WroteOnWhatsAppAsync(host, TimeSpan.FromHours(24));

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), CancellationToken.None));
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal(TwilioTestHost.TemplateSid, request["ContentSid"]);
        Assert.Equal(Text, JsonDocument.Parse(request["ContentVariables"]!).RootElement.GetProperty("1").GetString());
        Assert.Null(request["Body"]);
        Assert.Equal("whatsapp:" + Mona, request["To"]);
    }

    [Fact]
    public async Task SomeoneWhoNeverWroteOnWhatsAppGetsTheTemplateEvenAfterAnSms()
    {
        await using var host = await TwilioTestHost.StartAsync();
        (await host.SmsAsync(Mona, "مساعدة")).EnsureSuccessStatusCode();

        await host.Sender("whatsapp").SendAsync(WhatsApp(), CancellationToken.None);
        Assert.Equal(TwilioTestHost.TemplateSid, Assert.Single(host.Fake.Requests)["ContentSid"]);
    }

    [Fact]
    public async Task WithTheSmsPolicyOutsideTheWindowTheTextGoesBySmsToTheSameNumber()
    {
        await using var host = await TwilioTestHost.StartAsync(s => s["Twilio:WhatsAppOutsideWindow"] = "Sms");
        await WroteOnWhatsAppAsync(host, TimeSpan.FromDays(3));

        var sent = Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), CancellationToken.None));
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal(Mona, request["To"]);
        Assert.Equal(TwilioTestHost.SmsFrom, request["From"]);
        Assert.Equal(Text, request["Body"]);
        Assert.StartsWith("SM", sent.ProviderId);
    }

    [Fact]
    public async Task When63016ComesInsideOurWindowTheTemplateIsSentInstead()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await WroteOnWhatsAppAsync(host, TimeSpan.FromHours(1));
        host.Fake.ScriptError(400, 63016, "Failed to send freeform message because you are outside the allowed window.");

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), CancellationToken.None));
        var requests = host.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(Text, requests[0]["Body"]);
        Assert.Equal(TwilioTestHost.TemplateSid, requests[1]["ContentSid"]);
    }

    [Fact]
    public async Task When63016ComesForTheTemplateTheMessageFailsForGoodWithAReason()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.ScriptError(400, 63016, "Failed to send freeform message because you are outside the allowed window.");

        var failure = Assert.IsType<SendResult.PermanentFailure>(await host.Sender("whatsapp").SendAsync(WhatsApp(), CancellationToken.None));
        Assert.Equal("63016", failure.Code);
        Assert.Contains("template", failure.Reason);
        Assert.Single(host.Fake.Requests);
    }

    [Fact]
    public async Task ATemplateVariableCarriesNoLineBreaksBecauseMetaRefusesThem()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var message = WhatsApp();
        message.Text = "تحب نكمل عربي ولا English؟\n1- عربي\n\n2-     English\t";
        await host.Sender("whatsapp").SendAsync(message, CancellationToken.None);

        var variable = JsonDocument.Parse(Assert.Single(host.Fake.Requests)["ContentVariables"]!).RootElement.GetProperty("1").GetString();
        Assert.Equal("تحب نكمل عربي ولا English؟ | 1- عربي | 2- English", variable);
    }
}

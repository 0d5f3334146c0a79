using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>WhatsApp free-form text only within 24 hours of the contact's last message; outside it the template, SMS, or nothing.</summary>
public sealed class WhatsAppWindowTests
{
    private const string Mona = "+201001234567";
    private const string Text = "فكرة: بكرة الساعة ٩ الصبح.";

    private static OutboxMessage WhatsApp() => new() { Id = 9, Channel = "whatsapp", Urn = "whatsapp:" + Mona, Text = Text };

    /// <summary>MonaWritesAsync logs a WhatsApp message from Mona now; logged directly, so no reply competes with the sends under test.</summary>
    private static Task MonaWritesAsync(TwilioHost host) => host.LogInboundAsync("whatsapp", "whatsapp:" + Mona, host.Time.GetUtcNow());

    [Fact]
    public async Task AnIncomingWhatsAppMessageOpensTheWindow()
    {
        await using var host = await TwilioHost.StartAsync();
        using var response = await host.PostAsync("/webhooks/twilio/whatsapp", TwilioHost.WhatsAppForm("SMin1", Mona, "اشترك"));
        response.EnsureSuccessStatusCode();

        var windows = host.Factory.Services.GetRequiredService<InboundWindowRepository>();
        Assert.Equal(host.Time.GetUtcNow(), await windows.LastInboundAtAsync("whatsapp:" + Mona, "whatsapp"));
        Assert.Null(await windows.LastInboundAtAsync("tel:" + Mona, "whatsapp"));
    }

    [Fact]
    public async Task InsideTheWindowFreeFormTextIsSent()
    {
        await using var host = await TwilioHost.StartAsync();
        await MonaWritesAsync(host);
        host.Time.Advance(TimeSpan.FromHours(23));

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), default));
        var request = Assert.Single(host.Api.Requests);
        Assert.Equal("whatsapp:" + Mona, request["To"]);
        Assert.Equal("whatsapp:" + TwilioHost.WhatsAppFrom, request["From"]);
        Assert.Equal(Text, request["Body"]);
        Assert.Null(request["ContentSid"]);
    }

    [Fact]
    public async Task OutsideTheWindowTheApprovedTemplateCarriesTheText()
    {
        await using var host = await TwilioHost.StartAsync();
        await MonaWritesAsync(host);
        host.Time.Advance(TimeSpan.FromHours(25));

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), default));
        var request = Assert.Single(host.Api.Requests);
        Assert.Equal(TwilioHost.TemplateSid, request["ContentSid"]);
        Assert.Equal(Text, System.Text.Json.JsonDocument.Parse(request["ContentVariables"]!).RootElement.GetProperty("1").GetString());
        Assert.Null(request["Body"]);
    }

    [Fact]
    public async Task EnglishContactsGetTheEnglishTemplateWhenOneIsConfigured()
    {
        await using var host = await TwilioHost.StartAsync(s => s["Twilio:WhatsAppTemplateContentSidEn"] = "HXenglish");
        var english = WhatsApp();
        english.Language = "en";

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(english, default));
        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), default));
        Assert.Equal(["HXenglish", TwilioHost.TemplateSid], host.Api.Requests.Select(r => r["ContentSid"]));
    }

    [Fact]
    public async Task TemplateVariableHasNoLineBreaksOrLongSpaceRuns()
    {
        await using var host = await TwilioHost.StartAsync();
        var message = WhatsApp();
        message.Text = "اختار:\n1- عربي\r\n2- English\t\tتمام     كده";

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(message, default));
        var variable = System.Text.Json.JsonDocument.Parse(Assert.Single(host.Api.Requests)["ContentVariables"]!).RootElement.GetProperty("1").GetString();
        Assert.Equal("اختار: | 1- عربي | 2- English | تمام كده", variable);
    }

    [Fact]
    public async Task AContactWhoNeverWroteOnWhatsAppIsOutsideTheWindow()
    {
        await using var host = await TwilioHost.StartAsync();
        await host.LogInboundAsync("sms", "tel:" + Mona, host.Time.GetUtcNow()); // an SMS does not open the WhatsApp window

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), default));
        Assert.Equal(TwilioHost.TemplateSid, Assert.Single(host.Api.Requests)["ContentSid"]);
    }

    [Fact]
    public async Task OutsideTheWindowSmsFallbackSendsTheTextBySmsToTheSameNumber()
    {
        await using var host = await TwilioHost.StartAsync(s => s["Twilio:WhatsAppFallback"] = "Sms");
        host.Time.Advance(TimeSpan.FromDays(3));

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), default));
        var request = Assert.Single(host.Api.Requests);
        Assert.Equal(Mona, request["To"]);
        Assert.Equal(TwilioHost.SmsFrom, request["From"]);
        Assert.Equal(Text, request["Body"]);
    }

    [Fact]
    public async Task OutsideTheWindowWithoutFallbackNothingIsSent()
    {
        await using var host = await TwilioHost.StartAsync(s => s["Twilio:WhatsAppFallback"] = "None");
        var failure = Assert.IsType<SendResult.PermanentFailure>(await host.Sender("whatsapp").SendAsync(WhatsApp(), default));
        Assert.Equal("63016", failure.Code);
        Assert.Empty(host.Api.Requests);
    }

    [Fact]
    public async Task TwilioRefusingFreeFormTextWith63016FallsBackToTheTemplate()
    {
        await using var host = await TwilioHost.StartAsync();
        await MonaWritesAsync(host);
        host.Api.Answer(FakeAnswer.Error(63016));

        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), default));
        Assert.Equal(2, host.Api.Requests.Count);
        Assert.Equal(Text, host.Api.Requests[0]["Body"]);
        Assert.Equal(TwilioHost.TemplateSid, host.Api.Requests[1]["ContentSid"]);
    }

    [Fact]
    public async Task A63016FailureInAStatusCallbackClosesTheWindowAndTheTextGoesAgainAsTheTemplate()
    {
        await using var host = await TwilioHost.StartAsync();
        await MonaWritesAsync(host);
        var sent = Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(WhatsApp(), default));
        Assert.Equal(Text, host.Api.Requests[0]["Body"]); // our log said the window was open
        var now = host.Time.GetUtcNow();
        await host.Storage.WriteAsync(s => s.Outbox.Insert(new OutboxMessage
        {
            ContactId = 4, Channel = "whatsapp", Urn = "whatsapp:" + Mona, Text = Text, Status = OutboxStatus.Sent,
            ProviderId = sent.ProviderId, CreatedAt = now, NextAttemptAt = now, SentAt = now,
        }));

        (await host.StatusAsync(sent.ProviderId, "failed", "63016")).EnsureSuccessStatusCode();

        var outbox = await host.OutboxAsync();
        Assert.Equal(OutboxStatus.Failed, outbox[0].Status);
        var again = Assert.Single(outbox, m => m.Id != outbox[0].Id);
        Assert.Equal((Text, "whatsapp:" + Mona, 4L), (again.Text, again.Urn, again.ContactId));
        if (host.HasDeliveryEngine)
        {
            for (var i = 0; i < 300 && host.Api.Requests.Count < 2; i++) { host.Time.Advance(TimeSpan.FromSeconds(1)); await Task.Delay(10); }
        }
        else
        {
            Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(again, default));
        }
        Assert.Equal(2, host.Api.Requests.Count);
        Assert.Equal(TwilioHost.TemplateSid, host.Api.Requests[1]["ContentSid"]);

        var window = host.Factory.Services.GetRequiredService<OutreachBot.Bot.Channels.Twilio.WhatsAppWindow>();
        Assert.False(await window.IsOpenAsync("whatsapp:" + Mona, host.Time.GetUtcNow()));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await MonaWritesAsync(host); // writing again opens a new window
        Assert.True(await window.IsOpenAsync("whatsapp:" + Mona, host.Time.GetUtcNow()));
    }
}

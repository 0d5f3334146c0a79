using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>The SMS sender through the real Twilio library against the fake REST API: the request it makes and how each answer maps.</summary>
public sealed class TwilioSenderTests
{
    private const string Mona = "+201001234567";

    private static OutboxMessage Sms(string text = "اكتب اسمك بالكامل.", string urn = "tel:" + Mona) => new()
    {
        Id = 7, ContactId = 1, Channel = "sms", Urn = urn, Text = text, Choices = ["عربي", "English"],
    };

    [Fact]
    public async Task AnSmsGoesToMessagesJsonWithTextSenderAndStatusCallback()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var result = await host.Sender("sms").SendAsync(Sms(), CancellationToken.None);

        var sent = Assert.IsType<SendResult.Sent>(result);
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal(Mona, request["To"]);
        Assert.Equal(TwilioTestHost.SmsFrom, request["From"]);
        Assert.Equal("اكتب اسمك بالكامل.", request["Body"]);
        Assert.Equal(TwilioTestHost.PublicBaseUrl + "/webhooks/twilio/status#rc=5&rp=all", request["StatusCallback"]);
        Assert.StartsWith("SM", sent.ProviderId);
        host.Fake.AssertNoUnexpectedRequests();
    }

    [Fact]
    public async Task EverySendAsksTwilioToRetryItsStatusCallbackWithTheConnectionOverrides()
    {
        // Without them Twilio drops a report we answer 503 (storage failing); with them it tries again.
        await using var host = await TwilioTestHost.StartAsync();
        var whatsApp = new OutboxMessage { Id = 8, ContactId = 1, Channel = "whatsapp", Urn = "whatsapp:" + Mona, Text = "تذكير", Language = "ar" };
        Assert.IsType<SendResult.Sent>(await host.Sender("sms").SendAsync(Sms(), CancellationToken.None));
        Assert.IsType<SendResult.Sent>(await host.Sender("whatsapp").SendAsync(whatsApp, CancellationToken.None));

        Assert.Equal(2, host.Fake.Requests.Count);
        Assert.Equal(TwilioTestHost.TemplateSid, host.Fake.Requests[1]["ContentSid"]);
        Assert.All(host.Fake.Requests, r => Assert.EndsWith("/webhooks/twilio/status" + TwilioWebhookEndpoints.ConnectionOverrides, r["StatusCallback"]));
    }

    [Fact]
    public async Task AMessagingServiceReplacesTheFromNumber()
    {
        const string service = "MG0123456789abcdef0123456789abcdef";
        await using var host = await TwilioTestHost.StartAsync(s => s["Twilio:MessagingServiceSid"] = service);
        Assert.IsType<SendResult.Sent>(await host.Sender("sms").SendAsync(Sms(), CancellationToken.None));

        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal(service, request["MessagingServiceSid"]);
        Assert.Null(request["From"]);
    }

    [Fact]
    public async Task SmsIgnoresChoicesBecauseTheTextHoldsTheNumberedList()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await host.Sender("sms").SendAsync(Sms("تحب نكمل عربي ولا English؟\n1- عربي\n2- English"), CancellationToken.None);

        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal("تحب نكمل عربي ولا English؟\n1- عربي\n2- English", request["Body"]);
        Assert.DoesNotContain(request.Fields.Keys, k => k.Contains("Persistent") || k.Contains("Content"));
    }

    [Fact]
    public async Task EachSendIsLoggedWithSegmentsAndEstimatedCostAndAMaskedNumber()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await host.Sender("sms").SendAsync(Sms(new string('ب', 71)), CancellationToken.None);

        var line = Assert.Single(host.Logs.Lines, l => l.Contains("SMS outbox 7"));
        Assert.Contains("2 segments", line);
        Assert.Contains("Ucs2", line);
        Assert.Contains("estimated cost 0.10", line);
        Assert.Contains("+20100****567", line);
        Assert.DoesNotContain(Mona, line);
    }

    [Theory]
    [InlineData(400, 21610, "Attempt to send to unsubscribed recipient", typeof(SendResult.ContactStopped))]
    [InlineData(400, 21211, "The 'To' number +201001234567 is not a valid phone number.", typeof(SendResult.PermanentFailure))]
    [InlineData(400, 21614, "'To' number is not a valid mobile number", typeof(SendResult.PermanentFailure))]
    [InlineData(429, 20429, "Too Many Requests", typeof(SendResult.Throttled))]
    [InlineData(400, 21602, "Message body is required.", typeof(SendResult.PermanentFailure))]
    [InlineData(403, 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number", typeof(SendResult.PermanentFailure))]
    [InlineData(401, 20003, "Authenticate", typeof(SendResult.TransientFailure))]
    [InlineData(500, 20500, "Internal Server Error", typeof(SendResult.TransientFailure))]
    [InlineData(503, 20503, "Service Unavailable", typeof(SendResult.TransientFailure))]
    public async Task TwilioErrorCodesMapToSendResults(int status, int code, string message, Type expected)
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.ScriptError(status, code, message);
        var result = await host.Sender("sms").SendAsync(Sms(), CancellationToken.None);

        Assert.IsType(expected, result);
        if (result is SendResult.PermanentFailure failure)
        {
            Assert.Equal(code.ToString(), failure.Code);
            Assert.Equal(code is 21211 or 21614, failure.FlagUrn);
        }
        Assert.DoesNotContain(Mona, host.Logs.AllText);
    }

    [Fact]
    public async Task ThrottlingHonoursRetryAfter()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.ScriptError(429, 20429, "Too Many Requests", new Dictionary<string, string> { ["Retry-After"] = "17" });
        var result = await host.Sender("sms").SendAsync(Sms(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(17), Assert.IsType<SendResult.Throttled>(result).RetryAfter);
    }

    [Fact]
    public async Task ThrottlingWithoutRetryAfterWaitsADefault()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.ScriptError(429, 20429, "Too Many Requests");
        var result = await host.Sender("sms").SendAsync(Sms(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(5), Assert.IsType<SendResult.Throttled>(result).RetryAfter);
    }

    [Fact]
    public async Task AnHttp429WithoutTwiliosCodeIsThrottledToo()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.Script(429, "<html>slow down</html>", new Dictionary<string, string> { ["Retry-After"] = "3" });
        var result = await host.Sender("sms").SendAsync(Sms(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(3), Assert.IsType<SendResult.Throttled>(result).RetryAfter);
    }

    [Fact]
    public async Task AProxyErrorPageIsTransient()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.Script(502, "<html><body>Bad Gateway</body></html>");
        Assert.IsType<SendResult.TransientFailure>(await host.Sender("sms").SendAsync(Sms(), CancellationToken.None));
    }

    [Fact]
    public async Task ATimeoutIsTransient()
    {
        await using var host = await TwilioTestHost.StartAsync(s => s["Twilio:SendTimeout"] = "00:00:00.300");
        host.Fake.Script(201, "{}", delay: TimeSpan.FromSeconds(2));
        Assert.IsType<SendResult.TransientFailure>(await host.Sender("sms").SendAsync(Sms(), CancellationToken.None));
    }

    [Fact]
    public async Task ANetworkErrorIsTransient()
    {
        await using var host = await TwilioTestHost.StartAsync(s => s["Twilio:ApiBaseUrl"] = "http://127.0.0.1:1");
        Assert.IsType<SendResult.TransientFailure>(await host.Sender("sms").SendAsync(Sms(), CancellationToken.None));
    }

    [Theory]
    [InlineData("telegram:123")]
    [InlineData("tel:01001234567")]
    [InlineData("whatsapp:+201001234567")]
    public async Task AUrnWithoutAnSmsNumberFailsForGoodWithoutACall(string urn)
    {
        await using var host = await TwilioTestHost.StartAsync();
        var result = await host.Sender("sms").SendAsync(Sms(urn: urn), CancellationToken.None);

        Assert.True(Assert.IsType<SendResult.PermanentFailure>(result).FlagUrn);
        Assert.Empty(host.Fake.Requests);
    }

    [Theory]
    [InlineData("sms", "tel:" + Mona)]
    [InlineData("whatsapp", "whatsapp:" + Mona)]
    public async Task AWhitespaceOnlyTextFailsForGoodWithoutACall(string channel, string urn)
    {
        await using var host = await TwilioTestHost.StartAsync();
        var message = Sms(" \n\t ", urn);
        message.Channel = channel;

        var result = await host.Sender(channel).SendAsync(message, CancellationToken.None);

        Assert.Equal("empty_text", Assert.IsType<SendResult.PermanentFailure>(result).Code);
        Assert.Empty(host.Fake.Requests);
    }
}

using System.Text;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Outbound SMS through the real Twilio library to the fake REST API, and every mapped provider error.</summary>
public sealed class TwilioSenderTests
{
    private const string Mona = "+201001234567";

    private static OutboxMessage Sms(string text = "اختار لغتك:\n1- عربي\n2- English") => new()
    {
        Id = 7, Channel = "sms", Urn = "tel:" + Mona, Text = text, Choices = ["عربي", "English"],
    };

    [Fact]
    public async Task SmsIsPostedWithCredentialsStatusCallbackAndTheTextOnly()
    {
        await using var host = await TwilioHost.StartAsync();
        var result = await host.Sender("sms").SendAsync(Sms(), default);

        var sent = Assert.IsType<SendResult.Sent>(result);
        Assert.StartsWith("SM", sent.ProviderId);
        var request = Assert.Single(host.Api.Requests);
        Assert.Equal(TwilioHost.AccountSid, request.AccountSid);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(TwilioHost.AccountSid + ":" + TwilioHost.AuthToken));
        Assert.Equal("Basic " + basic, request.Authorization);
        Assert.Equal(Mona, request["To"]);
        Assert.Equal(TwilioHost.SmsFrom, request["From"]);
        Assert.Equal(Sms().Text, request["Body"]);
        Assert.Equal(TwilioHost.PublicBase + "/webhooks/twilio/status", request["StatusCallback"]);
        Assert.Equal(["Body", "From", "StatusCallback", "To"], request.Form.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(host.Api.Unexpected);
    }

    [Fact]
    public async Task MessagingServiceSidReplacesTheFromNumberWhenConfigured()
    {
        await using var host = await TwilioHost.StartAsync(s => s["Twilio:MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef");
        Assert.IsType<SendResult.Sent>(await host.Sender("sms").SendAsync(Sms(), default));

        var request = Assert.Single(host.Api.Requests);
        Assert.Equal("MG0123456789abcdef0123456789abcdef", request["MessagingServiceSid"]);
        Assert.Null(request["From"]);
    }

    [Fact]
    public async Task UnsubscribedRecipientStopsTheContact()
    {
        await using var host = await TwilioHost.StartAsync();
        host.Api.Answer(FakeAnswer.Error(21610));
        Assert.IsType<SendResult.ContactStopped>(await host.Sender("sms").SendAsync(Sms(), default));
    }

    [Theory]
    [InlineData(21211)]
    [InlineData(21614)]
    public async Task InvalidOrNonMobileNumberFailsPermanentlyAndFlagsTheUrn(int code)
    {
        await using var host = await TwilioHost.StartAsync();
        host.Api.Answer(FakeAnswer.Error(code));
        var failure = Assert.IsType<SendResult.PermanentFailure>(await host.Sender("sms").SendAsync(Sms(), default));
        Assert.Equal(code.ToString(), failure.Code);
        Assert.True(failure.FlagUrn);
        Assert.DoesNotMatch(@"\d{9}", failure.Reason); // the number Twilio quotes is masked
    }

    [Theory]
    [InlineData(21408)]
    [InlineData(20003)]
    public async Task OtherClientErrorsFailPermanentlyWithoutFlaggingTheUrn(int code)
    {
        await using var host = await TwilioHost.StartAsync();
        host.Api.Answer(FakeAnswer.Error(code));
        var failure = Assert.IsType<SendResult.PermanentFailure>(await host.Sender("sms").SendAsync(Sms(), default));
        Assert.Equal(code.ToString(), failure.Code);
        Assert.False(failure.FlagUrn);
    }

    [Fact]
    public async Task TooManyRequestsIsThrottledForTheRetryAfterTwilioSends()
    {
        await using var host = await TwilioHost.StartAsync();
        host.Api.Answer(FakeAnswer.Error(20429, retryAfter: "7"));
        host.Api.Answer(new FakeAnswer(429, "<html>Too Many Requests</html>", "text/html", RetryAfter: "12"));
        host.Api.Answer(new FakeAnswer(429, "<html>Too Many Requests</html>", "text/html"));

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<SendResult.Throttled>(await host.Sender("sms").SendAsync(Sms(), default)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(12), Assert.IsType<SendResult.Throttled>(await host.Sender("sms").SendAsync(Sms(), default)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.IsType<SendResult.Throttled>(await host.Sender("sms").SendAsync(Sms(), default)).RetryAfter);
    }

    [Fact]
    public async Task ServerErrorsAreTransientWithOrWithoutAJsonBody()
    {
        await using var host = await TwilioHost.StartAsync();
        host.Api.Answer(FakeAnswer.Error(20500));
        host.Api.Answer(new FakeAnswer(503, TwilioBodies.ProxyPage, "text/html"));

        Assert.IsType<SendResult.TransientFailure>(await host.Sender("sms").SendAsync(Sms(), default));
        Assert.IsType<SendResult.TransientFailure>(await host.Sender("sms").SendAsync(Sms(), default));
    }

    [Fact]
    public async Task TimeoutIsTransient()
    {
        await using var host = await TwilioHost.StartAsync(s => s["Twilio:RequestTimeout"] = "00:00:00.300");
        host.Api.Answer(FakeAnswer.Queued() with { Delay = TimeSpan.FromSeconds(5) });
        var failure = Assert.IsType<SendResult.TransientFailure>(await host.Sender("sms").SendAsync(Sms(), default));
        Assert.StartsWith("network", failure.Reason);
    }

    [Fact]
    public async Task RefusedConnectionIsTransient()
    {
        await using var host = await TwilioHost.StartAsync(s => s["Twilio:ApiBaseUrl"] = "http://127.0.0.1:1");
        var failure = Assert.IsType<SendResult.TransientFailure>(await host.Sender("sms").SendAsync(Sms(), default));
        Assert.StartsWith("network", failure.Reason);
    }

    [Fact]
    public async Task NonPhoneUrnFailsPermanentlyWithoutARequest()
    {
        await using var host = await TwilioHost.StartAsync();
        var message = new OutboxMessage { Channel = "sms", Urn = "telegram:42", Text = "x" };
        var failure = Assert.IsType<SendResult.PermanentFailure>(await host.Sender("sms").SendAsync(message, default));
        Assert.True(failure.FlagUrn);
        Assert.Empty(host.Api.Requests);
    }
}

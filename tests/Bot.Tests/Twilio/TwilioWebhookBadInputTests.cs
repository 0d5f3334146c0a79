using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bot.Tests.Twilio.Fake;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Bad input on the Twilio webhooks gets a clear 4xx and stores nothing; a storage failure gets 503 so Twilio retries.</summary>
public sealed class TwilioWebhookBadInputTests
{
    private const string Mona = "+201001234567";

    [Theory]
    [InlineData("From", null)]
    [InlineData("From", "Mona")]
    [InlineData("MessageSid", null)]
    [InlineData("NumMedia", "many")]
    public async Task AFormWithoutAUsableSenderOrIdIsABadRequest(string field, string? value)
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = host.InboundForm(Mona, "اشترك");
        if (value is null) form.Remove(field); else form[field] = value;
        if (field == "MessageSid") form.Remove("SmsMessageSid");

        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostAsync("/webhooks/twilio/sms", form)).StatusCode);
        Assert.Empty(await host.InboundAsync());
    }

    [Fact]
    public async Task JsonInsteadOfAFormIsABadRequest()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var response = await host.Client.PostAsync("/webhooks/twilio/sms",
            new StringContent("{\"From\":\"+201001234567\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var response = await host.PostAsync("/webhooks/twilio/sms", host.InboundForm(Mona, new string('ب', 70_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await host.InboundAsync());
    }

    [Fact]
    public async Task APipelineFailureAnswers503SoTwilioRetries()
    {
        await using var host = await TwilioTestHost.StartAsync(services: s => s.AddSingleton<IInboundPipeline, FailingPipeline>());
        var response = await host.SmsAsync(Mona, "اشترك");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task WithoutCredentialsTheHostStartsAndTheWebhooksAreNotThere()
    {
        await using var host = await TwilioTestHost.StartAsync(settings =>
        {
            foreach (var key in settings.Keys.Where(k => k.StartsWith("Twilio:")).ToList()) settings.Remove(key);
        });
        var response = await host.PostAsync("/webhooks/twilio/sms", host.InboundForm(Mona, "اشترك"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ABodyThatIsNotUtf8IsABadRequest()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var content = new ByteArrayContent([0x46, 0x72, 0x6f, 0x6d, 0x3d, 0xff, 0xfe]);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.PostAsync("/webhooks/twilio/sms", content)).StatusCode);
    }

    [Fact]
    public async Task ARepeatedFieldIsABadRequest()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var content = new StringContent("MessageSid=SM1&From=%2B201001234567&From=%2B201001234568", Encoding.UTF8, "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.PostAsync("/webhooks/twilio/sms", content)).StatusCode);
        Assert.Empty(await host.InboundAsync());
    }

    [Fact]
    public async Task AStatusReportWithoutSidOrStatusIsABadRequest()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var response = await host.PostAsync("/webhooks/twilio/status", new Dictionary<string, string> { ["MessageStatus"] = "delivered" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AStatusReportOverTheLimitIs413()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var response = await host.PostAsync("/webhooks/twilio/status",
            new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered", ["Pad"] = new string('x', 70_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private sealed class FailingPipeline : IInboundPipeline
    {
        public Task<PipelineResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken) =>
            throw new IOException("disk full");
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Bot.Tests.Twilio.Fake;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>TwilioSignature: checked over the public URL, and safe to call from many requests at once.</summary>
public sealed class TwilioSignatureTests
{
    private static readonly TwilioSignature Signature = new(Options.Create(new TwilioOptions
    {
        AccountSid = TwilioHost.AccountSid, AuthToken = TwilioHost.AuthToken, PublicBaseUrl = TwilioHost.PublicBase + "/",
    }));

    private static HttpRequest Request(string signature)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("10.0.0.5", 8080); // what the app sees behind the proxy
        http.Request.Path = "/webhooks/twilio/sms";
        http.Request.Headers[TwilioSignature.Header] = signature;
        return http.Request;
    }

    [Fact]
    public void SignaturesAreCheckedOverThePublicUrlFromManyThreadsAtOnce()
    {
        var results = new bool[20_000];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var form = TwilioHost.SmsForm("SM" + i, "+201001234567", "رسالة رقم " + i);
            var signed = TwilioSigner.Sign(TwilioHost.AuthToken, TwilioHost.PublicBase + "/webhooks/twilio/sms", form);
            var valid = Signature.IsValid(Request(signed), form);
            var forged = Signature.IsValid(Request(signed), new Dictionary<string, string>(form) { ["Body"] = "STOP" });
            results[i] = valid && !forged;
        });
        Assert.All(results, Assert.True);
    }
}

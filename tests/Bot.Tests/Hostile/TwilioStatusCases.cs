using System.Net;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;
using static OutreachBot.Bot.Tests.Hostile.TwilioForms;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TwilioStatusCases: the table for the delivery-report webhook; a report never stores an inbound message.</summary>
public static class TwilioStatusCases
{
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode Ok = HttpStatusCode.OK;

    public static IEnumerable<HostileCase> All()
    {
        var report = Report("status");
        yield return new("status empty body", () => Post(Status, [], FormType), Forbidden);
        yield return new("status binary garbage", () => Post(Status, Garbage(2048), FormType), Bad);
        yield return new("status JSON", () => Post(Status, Utf8("{\"MessageStatus\":\"delivered\"}"), "application/json"), Bad);
        yield return new("status 1 MiB", () => Post(Status, Utf8("ErrorCode=" + new string('1', 1024 * 1024)), FormType), HttpStatusCode.RequestEntityTooLarge);
        yield return new("status 100 KiB chunked", () => Chunked(Status, Utf8("ErrorCode=" + new string('1', 100 * 1024)), FormType), HttpStatusCode.RequestEntityTooLarge);
        yield return TwilioHostileCases.Signed("status missing MessageStatus", Status, Without("MessageStatus", report));
        yield return TwilioHostileCases.Signed("status missing MessageSid", Status, Without("MessageSid", report));
        yield return TwilioHostileCases.Signed("status empty MessageStatus", Status, With("MessageStatus", "", report));
        yield return TwilioHostileCases.Signed("status for a MessageSid of 5000 characters", Status, With("MessageSid", "SM" + new string('f', 5000), report));
        yield return TwilioHostileCases.Signed("status for a MessageSid of 33 hex digits", Status, With("MessageSid", "SM" + new string('f', 33), report));
        yield return TwilioHostileCases.Signed("status for a MessageSid with a quote", Status, With("MessageSid", "SM'; DROP TABLE outbox; --", report));
        yield return TwilioHostileCases.Signed("status without a content type", Status, report, null);
        yield return new("status unsigned", () => Post(Status, Encode(report), FormType), Forbidden);
        yield return new("status forged", () => Post(Status, Encode(report), FormType, ("X-Twilio-Signature", Signature(Status, report, "forged"))), Forbidden);
        yield return new("status signed for the SMS webhook", () => Post(Status, Encode(report), FormType, ("X-Twilio-Signature", Signature(Sms, report))), Forbidden);
        yield return new("status signed then the status altered", () => Post(Status, Encode(With("MessageStatus", "failed", report)), FormType, ("X-Twilio-Signature", Signature(Status, report))), Forbidden);
        yield return new("status twice the same field", () => Post(Status, [.. Encode(report), .. Utf8("&MessageStatus=failed")], FormType, ("X-Twilio-Signature", Signature(Status, report))), Bad);
        var n = 0;
        foreach (var status in new[] { "queued", "sending", "sent", "delivered", "read", "undelivered", "failed", "canceled", "accepted", "scheduled", "receiving", "DELIVERED", "Failed", "\0", "سلم" })
            yield return TwilioHostileCases.Signed($"status {Printable(status)} for a message we never sent", Status, Report("status " + n++, status), FormType, Ok);
        yield return TwilioHostileCases.Signed("status with only SmsSid and SmsStatus", Status, new() { ["SmsSid"] = Sid("sms only"), ["SmsStatus"] = "sent" }, FormType, Ok);
        yield return TwilioHostileCases.Signed("status with a lower-case SID prefix", Status, With("MessageSid", "sm" + Sid("lower")[2..], report), FormType, Ok);
        yield return TwilioHostileCases.Signed("status ErrorCode of 5000 characters", Status, With("ErrorCode", new string('9', 5000), Report("long error")), FormType, Ok);
        yield return TwilioHostileCases.Signed("status ErrorCode in letters", Status, With("ErrorCode", "abc", Report("letters")), FormType, Ok);
        yield return TwilioHostileCases.Signed("status report replayed", Status, Report("status 3"), FormType, Ok);
        yield return new("status GET", () => Send(HttpMethod.Get, Status), HttpStatusCode.MethodNotAllowed);
        yield return new("status PUT", () => Send(HttpMethod.Put, Status), HttpStatusCode.MethodNotAllowed);
        yield return new("unknown Twilio path", () => Post("/webhooks/twilio/voice", Encode(report), FormType), HttpStatusCode.NotFound);
        yield return new("Twilio root", () => Post("/webhooks/twilio", Encode(report), FormType), HttpStatusCode.NotFound);
    }

    private static string Printable(string status) => status == "\0" ? "NUL" : status;
}

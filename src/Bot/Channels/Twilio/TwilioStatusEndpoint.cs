using Microsoft.Extensions.Options;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioStatusEndpoint: POST /webhooks/twilio/status moves the outbox row of MessageSid through Twilio's delivery reports.</summary>
/// <remarks>
/// Twilio posts MessageStatus = queued, sending, sent, delivered, undelivered, failed, read (WhatsApp), and also
/// accepted/scheduled/canceled; reports can come late, twice or out of order, which <see cref="OutboxStatusRepository"/> absorbs.
/// A report for a message we do not know yet answers 200 and is kept; see <see cref="OutboxStatusRepository"/> and
/// <see cref="TwilioStatusSweeper"/>. A failed write answers 503, which Twilio retries because each send's StatusCallback
/// carries <see cref="TwilioWebhookEndpoints.ConnectionOverrides"/>; the report and any requeue it causes are one write.
/// </remarks>
internal static class TwilioStatusEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<TwilioWebhookLog>>();
        if (!options.Enabled) return Results.NotFound();

        var (form, status, problem) = await TwilioWebhookRequest.ReadAsync(http.Request, options);
        if (form is null)
        {
            logger.LogWarning("Twilio status callback refused with {Status}: {Problem}", status, problem);
            return Results.Problem(detail: problem, statusCode: status);
        }

        var sid = form.GetValueOrDefault("MessageSid") ?? form.GetValueOrDefault("SmsSid");
        var reported = form.GetValueOrDefault("MessageStatus") ?? form.GetValueOrDefault("SmsStatus");
        if (string.IsNullOrEmpty(sid) || string.IsNullOrEmpty(reported))
            return Results.Problem(detail: "MessageSid and MessageStatus are required.", statusCode: StatusCodes.Status400BadRequest);
        // A SID that is not Twilio-shaped would fail as a LiteDB index key (max 1023 bytes) and answer 503, which Twilio retries.
        if (!TwilioInboundParser.SidPattern().IsMatch(sid))
            return Results.Problem(detail: "MessageSid is malformed.", statusCode: StatusCodes.Status400BadRequest);
        if (StatusOf(reported) is not { } next)
        {
            logger.LogInformation("Twilio status {Status} for {Sid} ignored: not one we track", reported, sid);
            return Results.Ok();
        }

        var errorCode = form.GetValueOrDefault("ErrorCode") is { Length: > 0 } code ? code : null;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        AppliedReport applied;
        try
        {
            // A 63016 queues the text again in the same write as the report, so a failure cannot keep one without the other.
            applied = await services.GetRequiredService<OutboxStatusRepository>().ApplyAsync(sid, next, errorCode, now,
                WhatsAppRefusal.IsRefusal(errorCode) ? (store, row) => WhatsAppRefusal.Requeue(store, row, now) : null);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError("Storing Twilio status {Status} for {Sid} failed ({Error}); Twilio will retry", reported, sid, ex.GetType().Name);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        var change = applied.Change;
        if (applied.Queued is { } again)
        {
            foreach (var signal in services.GetServices<IOutboxSignal>()) signal.Notify([again]);
            logger.LogInformation("WhatsApp refused {Sid} outside the 24-hour window (63016): the window is closed for {Urn} and the text is queued again as outbox {OutboxId}",
                sid, Logging.Redact.Urn(again.Urn), again.Id);
        }
        if (change == StatusChange.Kept)
            logger.LogInformation("Twilio status {Status} for unknown message {Sid} kept until its outbox record has that id", reported, sid);
        else
            logger.LogDebug("Twilio status {Status} for {Sid}: {Change}", reported, sid, change);
        return Results.Ok();
    }

    /// <summary>StatusOf maps Twilio's MessageStatus to ours; null for statuses that say nothing new (accepted, scheduled, receiving…).</summary>
    internal static OutboxStatus? StatusOf(string status) => status.ToLowerInvariant() switch
    {
        "queued" => OutboxStatus.Queued,
        "sending" => OutboxStatus.Sending,
        "sent" => OutboxStatus.Sent,
        "delivered" => OutboxStatus.Delivered,
        "read" => OutboxStatus.Read,
        "undelivered" => OutboxStatus.Undelivered,
        "failed" or "canceled" => OutboxStatus.Failed,
        _ => null,
    };
}

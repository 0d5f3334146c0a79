using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Pipeline;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioWebhooks answers Twilio's incoming-message and status callbacks: signature first, then parse, then the pipeline.</summary>
/// <remarks>
/// The empty TwiML answer goes only after the pipeline made the message durable; replies leave later through the
/// outbox and the REST API, never inside this answer. A redelivered MessageSid is a duplicate for the pipeline.
/// </remarks>
public sealed class TwilioWebhooks(
    TwilioSignature signature,
    IInboundPipeline pipeline,
    TwilioStatusUpdater statuses,
    TimeProvider time,
    ILogger<TwilioWebhooks> logger)
{
    private const int MaxBodyBytes = 64 * 1024;
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    /// <summary>InboundAsync handles POST /webhooks/twilio/sms and /whatsapp.</summary>
    public async Task<IResult> InboundAsync(HttpContext http, TwilioKind kind, CancellationToken ct)
    {
        var (form, problem) = await ReadSignedFormAsync(http, ct);
        if (form is null) return problem!;

        var message = TwilioInbound.Parse(kind, form, time.GetUtcNow(), out var error);
        if (message is null) return Problem(400, error);

        var result = await pipeline.HandleAsync(message, ct);
        logger.LogInformation("Twilio {Channel} inbound {MessageSid} from {From}: {Kind}{Duplicate}",
            message.Channel, message.ProviderId, PhoneMask.Number(message.Urn), message.Kind, result.Duplicate ? " (duplicate)" : "");
        return Results.Text(EmptyTwiml, "text/xml", Encoding.UTF8);
    }

    /// <summary>StatusAsync handles POST /webhooks/twilio/status.</summary>
    public async Task<IResult> StatusAsync(HttpContext http, CancellationToken ct)
    {
        var (form, problem) = await ReadSignedFormAsync(http, ct);
        if (form is null) return problem!;

        if (!form.TryGetValue("MessageSid", out var sid) || string.IsNullOrWhiteSpace(sid))
            return Problem(400, "MessageSid is missing.");
        form.TryGetValue("MessageStatus", out var statusText);
        if (TwilioStatusUpdater.StatusOf(statusText) is not { } status)
        {
            // Statuses we do not track (accepted, scheduled, canceled…) are acknowledged so Twilio does not report errors.
            return Results.NoContent();
        }
        form.TryGetValue("ErrorCode", out var errorCode);
        await statuses.ApplyAsync(sid, status, errorCode);
        return Results.NoContent();
    }

    private async Task<(IReadOnlyDictionary<string, string>? Form, IResult? Problem)> ReadSignedFormAsync(HttpContext http, CancellationToken ct)
    {
        var request = http.Request;
        if (!(request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return (null, Problem(400, "The body must be application/x-www-form-urlencoded, as Twilio posts it."));
        if (await BodyReader.ReadLimitedAsync(request, MaxBodyBytes, ct) is not { } body)
            return (null, Problem(413, $"The body is larger than {MaxBodyBytes} bytes."));

        Dictionary<string, string> form;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span);
            form = new FormReader(text).ReadForm().ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is DecoderFallbackException or InvalidDataException or ArgumentException)
        {
            return (null, Problem(400, "The body is not a valid UTF-8 form."));
        }

        if (!signature.IsValid(request, form))
        {
            logger.LogWarning("Refused a Twilio webhook to {Path} with a missing or wrong signature", request.Path);
            return (null, Results.StatusCode(403));
        }
        return (form, null);
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}

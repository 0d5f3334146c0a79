using Microsoft.Extensions.Options;
using OutreachBot.Bot.Logging;
using OutreachBot.Bot.Pipeline;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioWebhookEndpoints: incoming SMS and WhatsApp messages; answers only after the pipeline made them durable.</summary>
/// <remarks>
/// A message is answered 200 only once stored. A storage failure, a stopped store or a full <see cref="Hosting.InboundGate"/>
/// answers 503, and bad input answers 4xx and stores nothing. Twilio retries a failed webhook only as its URL's connection
/// overrides ask (<see cref="ConnectionOverrides"/>, which the README tells operators to add), then calls the Fallback URL.
/// </remarks>
internal static class TwilioWebhookEndpoints
{
    public const string SmsPath = "/webhooks/twilio/sms";
    public const string WhatsAppPath = "/webhooks/twilio/whatsapp";
    public const string StatusPath = "/webhooks/twilio/status";

    /// <summary>ConnectionOverrides: the fragment the README puts on the SMS and WhatsApp webhook URLs, and each send on its StatusCallback: 5 retries on any failure.</summary>
    /// <remarks>Twilio reads it and never sends it; signatures over the URL with or without it are accepted.</remarks>
    public const string ConnectionOverrides = "#rc=5&rp=all";

    /// <summary>Empty TwiML: we reply through the REST API (from the outbox), never inline.</summary>
    public const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    public static Task<IResult> SmsAsync(HttpContext http) => InboundAsync(http, TwilioKind.Sms);

    public static Task<IResult> WhatsAppAsync(HttpContext http) => InboundAsync(http, TwilioKind.WhatsApp);

    private static async Task<IResult> InboundAsync(HttpContext http, TwilioKind kind)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<TwilioWebhookLog>>();
        if (kind == TwilioKind.Sms ? !options.SmsEnabled : !options.WhatsAppEnabled) return Results.NotFound();

        var (form, status, problem) = await TwilioWebhookRequest.ReadAsync(http.Request, options);
        if (form is null)
        {
            logger.LogWarning("Twilio {Kind} webhook refused with {Status}: {Problem}", kind, status, problem);
            return Results.Problem(detail: problem, statusCode: status);
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!TwilioInboundParser.TryParse(kind, form, now, out var message, out var error))
        {
            logger.LogWarning("Twilio {Kind} webhook refused: {Problem}", kind, error);
            return Results.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            await services.GetRequiredService<IInboundPipeline>().HandleAsync(message, http.RequestAborted);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError("Storing Twilio {Kind} message {Sid} from {Urn} failed ({Error}); Twilio will retry",
                kind, message.ProviderId, Redact.Urn(message.Urn), ex.GetType().Name + ": " + TwilioErrorMapper.MaskNumbers(ex.Message));
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        logger.LogDebug("Twilio {Kind} message {Sid} from {Urn} stored ({MessageKind})", kind, message.ProviderId, Redact.Urn(message.Urn), message.Kind);
        return Results.Content(EmptyTwiml, "text/xml");
    }
}

/// <summary>TwilioWebhookLog: logging category of the Twilio webhooks.</summary>
internal sealed class TwilioWebhookLog;

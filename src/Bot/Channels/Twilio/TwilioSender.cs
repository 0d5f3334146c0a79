using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OutreachBot.Bot.Logging;
using OutreachBot.Flows.Text;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioSender: the <see cref="IChannelSender"/> of one Twilio kind ("sms" or "whatsapp"), through Messages.json.</summary>
/// <remarks>
/// SMS has no buttons: the flow already wrote any numbered list into the text, so Choices are ignored.
/// WhatsApp refuses free-form messages (error 63016) more than 24 hours after the person last wrote to us; we check the
/// window first and, outside it, send the approved template or an SMS, as configured. If Twilio still answers 63016
/// (our clock or log disagreeing with Meta's), the message takes the same outside-window path.
/// </remarks>
internal sealed partial class TwilioSender(
    TwilioKind kind,
    TwilioClientProvider clients,
    TwilioCallContext calls,
    IOptions<TwilioOptions> options,
    IInboundLog windows,
    IOutboxStore outbox,
    TimeProvider time,
    ILogger<TwilioSender> logger) : IChannelSender
{
    /// <summary>How long after a person's last WhatsApp message we may write freely.</summary>
    public static readonly TimeSpan WhatsAppWindow = TimeSpan.FromHours(24);

    public string Channel => TwilioChannels.NameOf(kind);

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!TwilioNumbers.TryNumberOfUrn(message.Urn, out var number) || message.Urn != TwilioNumbers.UrnOf(kind, number))
            return new SendResult.PermanentFailure("bad_urn", $"not a {(kind == TwilioKind.Sms ? "tel:" : "whatsapp:")} URN with an E.164 number", FlagUrn: true);
        // A blank SMS would be billed, and a blank template variable is refused by WhatsApp.
        if (string.IsNullOrWhiteSpace(message.Text))
            return new SendResult.PermanentFailure("empty_text", "the text is empty or only whitespace: nothing to send");
        // Off: the message waits in the outbox until the channel is configured.
        if (kind == TwilioKind.Sms ? !o.SmsEnabled : !o.WhatsAppEnabled)
            return new SendResult.TransientFailure($"twilio {Channel} is off (not configured)");

        if (kind == TwilioKind.Sms) return await SendSmsAsync(message, number, cancellationToken).ConfigureAwait(false);

        var last = await windows.LastInboundAtAsync(TwilioChannels.WhatsApp, message.Urn).ConfigureAwait(false);
        if (last is null || time.GetUtcNow() - last.Value >= WhatsAppWindow)
            return await OutsideWindowAsync(message, number, cancellationToken).ConfigureAwait(false);
        // WhatsApp refused free-form text to this URN (63016 in a status report) since the person last wrote: closed.
        if (await outbox.WhatsAppWindowClosedAtAsync(message.Urn).ConfigureAwait(false) is { } closed && closed >= last)
            return await OutsideWindowAsync(message, number, cancellationToken).ConfigureAwait(false);

        var freeForm = Create(TwilioNumbers.WhatsAppPrefix + number, message.Text);
        freeForm.From = new PhoneNumber(o.WhatsAppSender);
        var call = await CallAsync(freeForm, cancellationToken).ConfigureAwait(false);
        if (call.Error is { } error && TwilioErrorMapper.IsOutsideWindow(error))
        {
            logger.LogInformation("WhatsApp outbox {OutboxId} to {Urn} refused as outside the 24-hour window (63016)", message.Id, Redact.Urn(message.Urn));
            return await OutsideWindowAsync(message, number, cancellationToken).ConfigureAwait(false);
        }
        return Result(call, message, "WhatsApp free-form");
    }

    private async Task<SendResult> OutsideWindowAsync(OutboxMessage message, string number, CancellationToken ct)
    {
        var o = options.Value;
        if (o.WhatsAppOutsideWindow == WhatsAppOutsideWindow.Sms)
        {
            logger.LogInformation("WhatsApp outbox {OutboxId} to {Urn} is outside the 24-hour window: sending it by SMS", message.Id, Redact.Urn(message.Urn));
            return await SendSmsAsync(message, number, ct).ConfigureAwait(false);
        }

        var template = Create(TwilioNumbers.WhatsAppPrefix + number, body: null);
        template.From = new PhoneNumber(o.WhatsAppSender);
        template.ContentSid = o.TemplateFor(message.Language);
        template.ContentVariables = JsonSerializer.Serialize(new Dictionary<string, string> { ["1"] = TemplateVariable(message.Text) });
        var call = await CallAsync(template, ct).ConfigureAwait(false);
        if (call.Error is { } error && TwilioErrorMapper.IsOutsideWindow(error))
            return new SendResult.PermanentFailure("63016", "WhatsApp refused even the template outside the 24-hour window; check that it is approved");
        return Result(call, message, "WhatsApp template");
    }

    /// <summary>TemplateVariable fits the text into a template variable: Meta refuses variables with new lines, tabs or more than four spaces in a row.</summary>
    internal static string TemplateVariable(string text) =>
        Blanks().Replace(LineBreaks().Replace(text.Trim(), " | "), " ");

    [GeneratedRegex(@"[ \t]*[\r\n]+[ \t\r\n]*")]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Blanks();

    private async Task<SendResult> SendSmsAsync(OutboxMessage message, string number, CancellationToken ct)
    {
        var o = options.Value;
        var sms = Create(number, message.Text);
        if (!string.IsNullOrWhiteSpace(o.MessagingServiceSid)) sms.MessagingServiceSid = o.MessagingServiceSid.Trim();
        else sms.From = new PhoneNumber(o.SmsFrom!.Trim());
        var call = await CallAsync(sms, ct).ConfigureAwait(false);
        if (call.Sent is not null)
        {
            var count = SmsSegments.Count(message.Text);
            logger.LogInformation(
                "SMS outbox {OutboxId} to {To} sent as {Sid}: {Segments} segments ({Encoding}, {Units} units), estimated cost {Cost}",
                message.Id, Redact.Phone(number), call.Sent.Sid, count.Segments, count.Encoding, count.Units,
                (count.Segments * o.PricePerSegment).ToString(CultureInfo.InvariantCulture));
        }
        return Result(call, message, "SMS");
    }

    private CreateMessageOptions Create(string to, string? body)
    {
        var o = new CreateMessageOptions(new PhoneNumber(to))
        {
            // With the connection overrides Twilio retries a callback we answer 503 (storage busy or failing) instead of dropping it.
            StatusCallback = new Uri(options.Value.PublicUrl(TwilioWebhookEndpoints.StatusPath) + TwilioWebhookEndpoints.ConnectionOverrides),
        };
        if (body is not null) o.Body = body;
        return o;
    }

    private async Task<Call> CallAsync(CreateMessageOptions request, CancellationToken ct)
    {
        var record = calls.Begin();
        try
        {
            // The library takes no cancellation token; the HttpClient timeout bounds the call itself.
            var sent = await MessageResource.CreateAsync(request, clients.Client).WaitAsync(ct).ConfigureAwait(false);
            return new Call(sent, null, record);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new Call(null, ex, record);
        }
    }

    private SendResult Result(Call call, OutboxMessage message, string what)
    {
        if (call.Sent is { } sent)
        {
            if (what != "SMS") logger.LogInformation("{What} outbox {OutboxId} to {Urn} sent as {Sid}", what, message.Id, Redact.Urn(message.Urn), sent.Sid);
            return new SendResult.Sent(sent.Sid);
        }
        var result = TwilioErrorMapper.Map(call.Error!, call.Record);
        logger.LogInformation("{What} outbox {OutboxId} to {Urn} failed: {Result} ({Error})",
            what, message.Id, Redact.Urn(message.Urn), result.GetType().Name, TwilioErrorMapper.Describe(call.Error!));
        return result;
    }

    private sealed record Call(MessageResource? Sent, Exception? Error, TwilioCallRecord Record);
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OutreachBot.Flows.Text;
using OutreachBot.Storage.Documents;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioSender: the outbound half of the "sms" or "whatsapp" channel; one class, the kind picks the sender number and rules.</summary>
/// <remarks>
/// SMS has no buttons: the flows already wrote any numbered list into the text, so <see cref="OutboxMessage.Choices"/> is ignored.
/// WhatsApp takes free-form text only within 24 hours of the contact's last message; outside it the configured template or
/// SMS goes instead, and with neither nothing is sent (Twilio would refuse it with 63016 anyway).
/// </remarks>
public sealed partial class TwilioSender(
    TwilioKind kind,
    TwilioApi api,
    IOptions<TwilioOptions> options,
    WhatsAppWindow window,
    TimeProvider time,
    ILogger<TwilioSender> logger) : IChannelSender
{
    private readonly TwilioOptions _options = options.Value;

    public string Channel => TwilioChannel.NameOf(kind);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!(kind == TwilioKind.Sms ? _options.SmsEnabled : _options.WhatsAppEnabled))
            return new SendResult.PermanentFailure("twilio_off", $"Twilio {Channel} is not configured.");
        if (!TwilioPhone.TryFromUrn(message.Urn, out var number))
            return new SendResult.PermanentFailure("urn", "not a phone URN: " + PhoneMask.Number(message.Urn), FlagUrn: true);

        SendResult result;
        if (kind == TwilioKind.Sms)
        {
            result = await SendSmsAsync(number, message.Text).ConfigureAwait(false);
        }
        else
        {
            var open = await window.IsOpenAsync(message.Urn, time.GetUtcNow()).ConfigureAwait(false);
            result = open ? await SendWhatsAppTextAsync(number, message.Text).ConfigureAwait(false) : new SendResult.PermanentFailure("63016", "window closed");
            if (result is SendResult.PermanentFailure { Code: "63016" })
                result = await OutsideWindowAsync(number, message).ConfigureAwait(false);
        }

        if (result is SendResult.Sent)
            logger.LogInformation("Twilio {Channel} message {Id} to {To}: sent", Channel, message.Id, PhoneMask.Number(number));
        else
            logger.LogWarning("Twilio {Channel} message {Id} to {To}: {Result}", Channel, message.Id, PhoneMask.Number(number), Describe(result));
        return result;
    }

    private Task<SendResult> SendSmsAsync(string number, string text)
    {
        var options = new CreateMessageOptions(new PhoneNumber(number)) { Body = text, StatusCallback = StatusCallback() };
        if (!string.IsNullOrWhiteSpace(_options.MessagingServiceSid)) options.MessagingServiceSid = _options.MessagingServiceSid;
        else options.From = new PhoneNumber(_options.SmsFrom);
        var count = SmsSegments.Count(text);
        logger.LogDebug("SMS of {Segments} segments ({Encoding}), estimated cost {Cost}",
            count.Segments, count.Encoding, TwilioCost.Estimate(text, _options.SmsSegmentPrice));
        return api.CreateMessageAsync(options);
    }

    private Task<SendResult> SendWhatsAppTextAsync(string number, string text) =>
        api.CreateMessageAsync(new CreateMessageOptions(new PhoneNumber(TwilioPhone.WhatsApp(number)))
        {
            From = new PhoneNumber(TwilioPhone.WhatsApp(_options.WhatsAppFrom!)),
            Body = text,
            StatusCallback = StatusCallback(),
        });

    /// <summary>OutsideWindowAsync sends what the configuration allows once free-form WhatsApp text is not.</summary>
    private Task<SendResult> OutsideWindowAsync(string number, OutboxMessage message)
    {
        if (_options.WhatsAppFallback == WhatsAppFallback.Template && _options.TemplateFor(message.Language) is { Length: > 0 } template)
        {
            return api.CreateMessageAsync(new CreateMessageOptions(new PhoneNumber(TwilioPhone.WhatsApp(number)))
            {
                From = new PhoneNumber(TwilioPhone.WhatsApp(_options.WhatsAppFrom!)),
                ContentSid = template,
                ContentVariables = JsonSerializer.Serialize(new Dictionary<string, string> { ["1"] = TemplateVariable(message.Text) }),
                StatusCallback = StatusCallback(),
            });
        }
        if (_options.WhatsAppFallback == WhatsAppFallback.Sms && _options.SmsEnabled)
            return SendSmsAsync(number, message.Text);
        return Task.FromResult<SendResult>(new SendResult.PermanentFailure(
            TwilioErrors.OutsideWhatsAppWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "outside the WhatsApp 24-hour window and no template or SMS fallback is configured"));
    }

    /// <summary>Describe: a result for the log; reasons were masked when mapped, since Twilio quotes the number in some.</summary>
    private static string Describe(SendResult result) => result switch
    {
        SendResult.PermanentFailure f => $"permanent failure {f.Code}{(f.FlagUrn ? " (number flagged)" : "")}: {f.Reason}",
        SendResult.TransientFailure f => "transient failure: " + f.Reason,
        SendResult.Throttled t => $"throttled for {t.RetryAfter}",
        SendResult.ContactStopped s => "contact stopped: " + s.Reason,
        _ => result.GetType().Name,
    };

    /// <summary>TemplateVariable flattens a text for a template variable: WhatsApp refuses variables with line breaks, tabs or more than four spaces in a row (Meta error 132018).</summary>
    public static string TemplateVariable(string text) => LineBreaks().Replace(Spaces().Replace(text.Trim(), " "), " | ");

    [GeneratedRegex(@"\s*[\r\n\t]+\s*")]
    private static partial Regex LineBreaks();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    private Uri? StatusCallback() =>
        string.IsNullOrWhiteSpace(_options.PublicBaseUrl) ? null : new Uri(_options.PublicBaseUrl.TrimEnd('/') + TwilioChannel.StatusPath);
}

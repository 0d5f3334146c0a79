using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

using OutreachBot.Bot.Hosting;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramWebhookEndpoint: POST /webhooks/telegram; 200 only once the update is durable (or knowingly skipped).</summary>
/// <remarks>Telegram retries any non-2xx answer, so a storage failure answers 503 (retried later) while bad input answers 4xx.</remarks>
internal static class TelegramWebhookEndpoint
{
    public const string Path = "/webhooks/telegram";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static async Task<IResult> HandleAsync(HttpContext http, IOptions<TelegramOptions> options, ILogger<TelegramWebhookLog> logger)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Mode != TelegramMode.Webhook) return Results.NotFound();

        if (!SecretMatches(http.Request.Headers[SecretHeader].ToString(), settings.WebhookSecret!))
        {
            logger.LogWarning("Telegram webhook call with a missing or wrong secret token rejected");
            return Results.Unauthorized();
        }

        var limit = (int)Math.Min(int.MaxValue, settings.MaxWebhookBodyBytes);
        if (await BodyReader.ReadLimitedAsync(http.Request, limit, http.RequestAborted) is not { } body)
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        JsonElement update;
        try
        {
            using var document = JsonDocument.Parse(body);
            update = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            logger.LogWarning("Telegram webhook body is not JSON ({Bytes} bytes)", body.Length);
            return Results.BadRequest();
        }

        var handler = http.RequestServices.GetRequiredService<TelegramInboundHandler>();
        try
        {
            await handler.HandleAsync(update, http.RequestAborted);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError("Storing a Telegram webhook update failed ({Error}); Telegram will retry", TelegramRedaction.Describe(ex));
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Ok();
    }

    /// <summary>SecretMatches compares in constant time, so response timing does not reveal how much of a guess was right.</summary>
    internal static bool SecretMatches(string presented, string expected) =>
        presented.Length > 0
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}

/// <summary>TelegramWebhookLog: logging category of the Telegram webhook endpoint.</summary>
internal sealed class TelegramWebhookLog;

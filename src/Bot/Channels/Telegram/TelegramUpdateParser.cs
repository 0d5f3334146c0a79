using System.Globalization;
using System.Text.Json;
using OutreachBot.Flows.Model;
using PhoneNumbers;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramUpdateParser: turns one raw Bot API update into an <see cref="InboundMessage"/>, or says why not.</summary>
/// <remarks>
/// Each update is parsed on its own, so one malformed update cannot fail the whole getUpdates batch. The provider id
/// that dedupes redeliveries names the message itself, "{chat id}:{message id}" (or "cb:{callback query id}"), never
/// the update_id: Telegram restarts update ids at random after a week without updates, so an old id can come back
/// on a new message, and a redelivered message can come under a new id.
/// </remarks>
internal sealed class TelegramUpdateParser(TimeProvider time)
{
    public const string Channel = "telegram";
    public const int UnknownUpdateId = -1;

    /// <summary>Callback query ids are 64-bit numbers in decimal; a longer one is not Telegram's and would not fit an index key.</summary>
    private const int MaxCallbackQueryIdLength = 64;

    /// <summary>Parse reads one update; it never throws.</summary>
    public TelegramParsed Parse(JsonElement raw)
    {
        var id = ReadUpdateId(raw);
        if (id is null) return new TelegramParsed.Poison(UnknownUpdateId, "no integer update_id");

        Update? update;
        try
        {
            update = raw.Deserialize<Update>(JsonBotAPI.Options);
        }
        // A value out of range (a date past year 9999, a number too big for its field) throws ArgumentOutOfRange or Overflow.
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException
            or ArgumentException or OverflowException)
        {
            return new TelegramParsed.Poison(id.Value, "unparseable: " + ex.GetType().Name);
        }
        if (update is null) return new TelegramParsed.Poison(id.Value, "null update");

        return update.Type switch
        {
            UpdateType.Message => FromMessage(id.Value, update.Message!),
            UpdateType.CallbackQuery => FromCallback(id.Value, update.CallbackQuery!),
            UpdateType.Unknown => new TelegramParsed.Poison(id.Value, "unknown update type"),
            // Edits would re-run a step with an answer the person already gave; channel posts and the rest are not for us.
            _ => new TelegramParsed.Ignored(id.Value, update.Type.ToString()),
        };
    }

    private static int? ReadUpdateId(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object
        && raw.TryGetProperty("update_id", out var v)
        && v.ValueKind == JsonValueKind.Number
        && v.TryGetInt32(out var id)
            ? id
            : null;

    private TelegramParsed FromMessage(int updateId, Message message)
    {
        // The library leaves missing required fields null rather than failing.
        if (message.Chat is null || message.Chat.Id == 0) return new TelegramParsed.Poison(updateId, "message without chat");
        // The id names the message for dedupe; Telegram's start at 1, and a missing one reads as 0.
        if (message.MessageId <= 0) return new TelegramParsed.Poison(updateId, "message without a valid message_id");
        var from = message.From;
        var urn = "telegram:" + message.Chat.Id;
        // Message ids count up per chat, so the pair names one message for good.
        var id = string.Create(CultureInfo.InvariantCulture, $"{message.Chat.Id}:{message.MessageId}");

        if (message.Chat.Type != ChatType.Private)
            return Inbound(updateId, id, urn, message.Text ?? "", InboundKind.GroupChat, from);

        if (message.Contact is { } contact)
        {
            // Only a number the sender shares about themself is vouched for; anyone can share someone else's card.
            var own = from is not null && contact.UserId == from.Id;
            return Inbound(updateId, id, urn, "", InboundKind.SharedContact, from, own ? ToE164(contact.PhoneNumber) : null);
        }

        if (message.Text is { } text)
        {
            var (command, payload) = SplitStart(text);
            return Inbound(updateId, id, urn, command ?? text, InboundKind.Text, from, startPayload: payload);
        }

        if (from is null) return new TelegramParsed.Poison(updateId, "message without sender");
        return Inbound(updateId, id, urn, "", InboundKind.Media, from);
    }

    private TelegramParsed FromCallback(int updateId, CallbackQuery query)
    {
        if (query.From is null || query.From.Id == 0 || string.IsNullOrEmpty(query.Id))
            return new TelegramParsed.Poison(updateId, "callback query without sender");
        if (query.Id.Length > MaxCallbackQueryIdLength) return new TelegramParsed.Poison(updateId, "callback query id too long");
        if (query.Data is null) return new TelegramParsed.Ignored(updateId, "callback query without data");

        // In a private chat the chat id equals the user id, so the URN is the same as for the person's messages.
        var chatId = query.Message?.Chat?.Id is long c and not 0 ? c : query.From.Id;
        var kind = query.Message?.Chat is { Type: not ChatType.Private } ? InboundKind.GroupChat : InboundKind.Text;
        // Each button press gets its own query id; the prefix keeps it apart from the "chat:message" ids.
        var parsed = Inbound(updateId, "cb:" + query.Id, "telegram:" + chatId, query.Data, kind, query.From);
        return parsed with { CallbackQueryId = query.Id };
    }

    private TelegramParsed.Inbound Inbound(int updateId, string providerId, string urn, string text, InboundKind kind, User? from,
        string? phone = null, string? startPayload = null) =>
        new(updateId,
            new InboundMessage(Channel, providerId, urn, text, kind, ChannelTraits.Telegram, time.GetUtcNow(), phone, startPayload, DisplayName(from)),
            null);

    /// <summary>SplitStart reads "/start payload" (or "/start@BotName payload") as ("/start", payload).</summary>
    internal static (string? Command, string? Payload) SplitStart(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("/start", StringComparison.OrdinalIgnoreCase)) return (null, null);
        var space = trimmed.IndexOfAny([' ', '\n', '\t']);
        var head = space < 0 ? trimmed : trimmed[..space];
        if (!head.Equals("/start", StringComparison.OrdinalIgnoreCase) && !head.StartsWith("/start@", StringComparison.OrdinalIgnoreCase))
            return (null, null);
        var payload = space < 0 ? null : trimmed[(space + 1)..].Trim();
        return ("/start", string.IsNullOrEmpty(payload) ? null : payload);
    }

    /// <summary>ToE164 normalises Telegram's phone_number, which usually comes without the leading '+'.</summary>
    internal static string? ToE164(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is < 8 or > 15) return null;
        try
        {
            var number = PhoneNumberUtil.GetInstance().Parse("+" + digits, null);
            return PhoneNumberUtil.GetInstance().Format(number, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static string? DisplayName(User? from)
    {
        if (from is null) return null;
        var name = string.Join(' ', new[] { from.FirstName, from.LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return name.Length == 0 ? null : name;
    }
}

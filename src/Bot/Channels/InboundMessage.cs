using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Channels;

/// <summary>InboundMessage: what a channel adapter hands the pipeline after parsing a provider payload.</summary>
/// <param name="Channel">Channel name ("sim", "telegram", "sms", "whatsapp").</param>
/// <param name="ProviderId">Provider's message id (Telegram "chat:message" or "cb:query", Twilio MessageSid); with the channel it dedupes redeliveries.</param>
/// <param name="Urn">Sender URN, e.g. <c>telegram:123</c>, <c>tel:+201001234567</c>.</param>
/// <param name="Text">Text, button label or callback data; empty when none.</param>
/// <param name="Kind">What the message carried.</param>
/// <param name="Traits">What the channel can render.</param>
/// <param name="ReceivedAt">When the adapter received it.</param>
/// <param name="ChannelPhone">E.164 number the channel vouches for, if any.</param>
/// <param name="StartPayload">Deep-link payload (<c>/start src_x</c>), if any.</param>
/// <param name="DisplayName">Name the provider shows for the sender, for staff views only.</param>
public sealed record InboundMessage(
    string Channel,
    string ProviderId,
    string Urn,
    string Text,
    InboundKind Kind,
    ChannelTraits Traits,
    DateTimeOffset ReceivedAt,
    string? ChannelPhone = null,
    string? StartPayload = null,
    string? DisplayName = null);

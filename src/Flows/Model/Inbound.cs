namespace OutreachBot.Flows.Model;

/// <summary>Inbound: one message as the flows see it, whatever channel it came from.</summary>
/// <param name="Text">Text as typed (or the button label / callback data); may be empty.</param>
/// <param name="Kind">What the message carried.</param>
/// <param name="Channel">Channel name ("sim", "telegram", "sms", "whatsapp").</param>
/// <param name="Traits">What the channel can do.</param>
/// <param name="ChannelPhone">E.164 number the channel vouches for (SMS/WhatsApp sender, or a Telegram contact shared by its owner).</param>
/// <param name="StartPayload">Deep-link payload of a Telegram <c>/start xyz</c>, kept as referral source.</param>
/// <param name="Nonce">Fresh randomness from the host (hex, at least 16 bytes), from which a one-time code is made; the flow has none of its own.</param>
/// <param name="PhoneOwner">Another contact already owning the number being proven (the typed one, or a shared own card's), read by the host; used only once that number is proven.</param>
public sealed record Inbound(
    string Text,
    InboundKind Kind,
    string Channel,
    ChannelTraits Traits,
    string? ChannelPhone = null,
    string? StartPayload = null,
    string? Nonce = null,
    Contact? PhoneOwner = null);

/// <summary>InboundKind: what an inbound message carried.</summary>
public enum InboundKind
{
    Text = 0,
    /// <summary>A contact card shared by its owner; its number is in <see cref="Inbound.ChannelPhone"/>.</summary>
    SharedContact = 1,
    /// <summary>Photo, voice, sticker, video, file: we answer "text only, please".</summary>
    Media = 2,
    /// <summary>An opt-out the carrier already applied (Twilio OptOutType=STOP).</summary>
    CarrierOptOut = 3,
    /// <summary>An opt-in the carrier already applied (Twilio OptOutType=START).</summary>
    CarrierOptIn = 4,
    /// <summary>A message in a group chat: we answer only "please write to me privately", and keep no session.</summary>
    GroupChat = 5,
}

/// <summary>ChannelTraits: what a channel can render or tells us.</summary>
/// <param name="HasButtons">Choices can be shown as buttons; otherwise the flow writes numbered lists into the text.</param>
/// <param name="ProvidesPhone">The sender's number is known from the channel (SMS, WhatsApp): skip the phone step.</param>
/// <param name="CanShareContact">A "share my number" button exists (Telegram).</param>
/// <param name="IsSms">Texts are paid per segment: keep prompts within the SMS budget.</param>
public sealed record ChannelTraits(bool HasButtons, bool ProvidesPhone, bool CanShareContact, bool IsSms)
{
    public static readonly ChannelTraits Simulator = new(HasButtons: true, ProvidesPhone: false, CanShareContact: false, IsSms: false);
    public static readonly ChannelTraits Telegram = new(HasButtons: true, ProvidesPhone: false, CanShareContact: true, IsSms: false);
    public static readonly ChannelTraits Sms = new(HasButtons: false, ProvidesPhone: true, CanShareContact: false, IsSms: true);
    public static readonly ChannelTraits WhatsApp = new(HasButtons: false, ProvidesPhone: true, CanShareContact: false, IsSms: false);
}

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioKind: which of Twilio's two channels a webhook or sender serves.</summary>
public enum TwilioKind
{
    Sms = 0,
    WhatsApp = 1,
}

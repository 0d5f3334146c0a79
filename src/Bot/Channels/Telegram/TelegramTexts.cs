using System.Globalization;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramTexts: the channel's own user-facing texts, from Resources/TelegramTexts(.en).resx.</summary>
internal static class TelegramTexts
{
    private static readonly System.Resources.ResourceManager Resources =
        new("OutreachBot.Bot.Channels.Telegram.Resources.TelegramTexts", typeof(TelegramTexts).Assembly);

    /// <summary>Get returns the text in <paramref name="language"/>, falling back to Arabic.</summary>
    public static string Get(string name, string? language)
    {
        var culture = language == Languages.English ? CultureInfo.GetCultureInfo("en") : CultureInfo.InvariantCulture;
        return Resources.GetString(name, culture) ?? throw new InvalidOperationException($"Missing Telegram text '{name}'");
    }
}

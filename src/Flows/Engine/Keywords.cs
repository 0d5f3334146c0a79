using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Engine;

/// <summary>GlobalKeyword: a whole-message command the router honours in any state, on any channel.</summary>
public enum GlobalKeyword
{
    None = 0,
    Join,
    Stop,
    Start,
    Help,
    Menu,
    English,
    Arabic,
}

/// <summary>Keywords: recognises global keywords on the normalised text (whole message only, both languages).</summary>
/// <remarks>"cancel" and "إلغاء" are opt-out words in SMS practice (carriers treat CANCEL as STOP), never "leave the flow".</remarks>
public static class Keywords
{
    private static readonly Dictionary<string, GlobalKeyword> Words = Build(
        (GlobalKeyword.Join, ["join", "انضم", "اشترك", "/join"]),
        (GlobalKeyword.Stop, ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "الغاء", "توقف", "/stop"]),
        (GlobalKeyword.Start, ["start", "ابدا", "/start"]),
        (GlobalKeyword.Help, ["help", "مساعده", "/help"]),
        (GlobalKeyword.Menu, ["menu", "القائمه", "خروج", "/menu"]),
        (GlobalKeyword.English, ["english", "en", "انجليزي"]),
        (GlobalKeyword.Arabic, ["عربي", "arabic", "ar"]));

    /// <summary>Classify: which global keyword the whole message is, if any.</summary>
    public static GlobalKeyword Classify(string normalized)
    {
        var text = normalized;
        // Telegram appends the bot name in groups: "/start@OutreachBot".
        // A deep link arrives as "/start payload"; the payload travels separately in Inbound.StartPayload.
        if (text.StartsWith('/'))
        {
            if (text.IndexOf(' ') is var space and > 0) text = text[..space];
            if (text.IndexOf('@') is var at and > 0) text = text[..at];
        }
        return Words.TryGetValue(text, out var keyword) ? keyword : GlobalKeyword.None;
    }

    /// <summary>IsBack: "back" / "رجوع": one step back inside a flow (not global).</summary>
    public static bool IsBack(string normalized) => normalized is "back" or "رجوع" or "ارجع";

    private static Dictionary<string, GlobalKeyword> Build(params (GlobalKeyword Keyword, string[] Words)[] sets)
    {
        var map = new Dictionary<string, GlobalKeyword>(StringComparer.Ordinal);
        foreach (var (keyword, words) in sets)
            foreach (var word in words) map[ArabicNormalizer.Normalize(word)] = keyword;
        return map;
    }
}

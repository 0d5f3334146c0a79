using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Engine;

/// <summary>GlobalKeyword: a whole-message command the router honours in any state, on any channel, before any flow.</summary>
public enum GlobalKeyword
{
    None = 0,
    Stop,
    Start,
    Help,
    Menu,
    English,
    Arabic,
}

/// <summary>KeywordEntry: one row of the keyword table: the words as written, and what they do (English, for the README).</summary>
public sealed record KeywordEntry(IReadOnlyList<string> Words, string Summary);

/// <summary>Keywords: recognises global keywords on the normalised text (whole message only, both languages).</summary>
/// <remarks>
/// "cancel" and "إلغاء" are opt-out words in SMS practice (carriers treat CANCEL as STOP), never "leave the flow".
/// The words that start a flow belong to that flow (see <see cref="Registry.FlowRegistry"/>), not to this table.
/// </remarks>
public static class Keywords
{
    private static readonly (GlobalKeyword Keyword, KeywordEntry Entry)[] Table =
    [
        (GlobalKeyword.Stop, new(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "إلغاء", "توقف", "/stop"],
            "opt out: one confirmation, then silence until START")),
        (GlobalKeyword.Start, new(["START", "ابدأ", "/start"],
            "opt back in; `/start payload` (Telegram deep link) records the referral source and may start a flow (see below)")),
        (GlobalKeyword.Help, new(["HELP", "مساعدة", "/help"], "what the service is and the keywords")),
        (GlobalKeyword.Menu, new(["MENU", "القائمة", "خروج", "/menu"], "leave the current flow without opting out")),
        (GlobalKeyword.English, new(["English", "en", "انجليزي"], "switch to English")),
        (GlobalKeyword.Arabic, new(["عربي", "arabic", "ar"], "switch to Arabic")),
    ];

    private static readonly string[] BackWords = ["back", "رجوع", "ارجع"];

    private static readonly Dictionary<string, GlobalKeyword> Words = Build();

    /// <summary>Entries: the global keywords as the README's keyword table shows them, then "back".</summary>
    public static IReadOnlyList<KeywordEntry> Entries { get; } =
        [.. Table.Select(t => t.Entry), new(BackWords, "inside a flow: one step back")];

    /// <summary>Classify: which global keyword the whole message is, if any.</summary>
    public static GlobalKeyword Classify(string normalized) =>
        Words.TryGetValue(CommandWord(normalized), out var keyword) ? keyword : GlobalKeyword.None;

    /// <summary>CommandWord: a Telegram command without its bot name or payload ("/start@OutreachBot x" is "/start"); other text as it is.</summary>
    /// <remarks>A deep link arrives as "/start payload"; the payload travels separately in Inbound.StartPayload.</remarks>
    public static string CommandWord(string normalized)
    {
        var text = normalized;
        if (!text.StartsWith('/')) return text;
        if (text.IndexOf(' ') is var space and > 0) text = text[..space];
        if (text.IndexOf('@') is var at and > 0) text = text[..at];
        return text;
    }

    /// <summary>IsBack: "back" / "رجوع": one step back inside a flow (not global).</summary>
    public static bool IsBack(string normalized) => normalized is "back" or "رجوع" or "ارجع";

    /// <summary>IsReserved: a global keyword or "back": no flow may claim it as a start word.</summary>
    public static bool IsReserved(string normalized) => Classify(normalized) != GlobalKeyword.None || IsBack(normalized);

    private static Dictionary<string, GlobalKeyword> Build()
    {
        var map = new Dictionary<string, GlobalKeyword>(StringComparer.Ordinal);
        foreach (var (keyword, entry) in Table)
            foreach (var word in entry.Words) map[ArabicNormalizer.Normalize(word)] = keyword;
        return map;
    }
}

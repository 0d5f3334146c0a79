using System.Collections;
using System.Globalization;
using System.Resources;

namespace OutreachBot.Flows.Text;

/// <summary>Texts: every user-facing sentence, read from Resources/Texts*.resx with an explicit culture per call.</summary>
/// <remarks>Never uses CurrentUICulture: the engine serves Arabic and English contacts on the same thread.</remarks>
public static class Texts
{
    private static readonly ResourceManager Resources =
        new("OutreachBot.Flows.Resources.Texts", typeof(Texts).Assembly);

    private static readonly CultureInfo Arabic = CultureInfo.GetCultureInfo("ar");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>Get: the text for <paramref name="key"/> in <paramref name="language"/> ("ar" or "en"), formatted with args.</summary>
    public static string Get(string key, string language, params object[] args)
    {
        var culture = language == Model.Languages.English ? English : Arabic;
        var text = Resources.GetString(key, culture)
            ?? throw new KeyNotFoundException($"text '{key}' is missing from Texts.resx");
        return args.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, args);
    }

    /// <summary>AllKeys: every key of the neutral (Arabic) resources, sorted; English must define the same keys.</summary>
    public static IReadOnlyList<string> AllKeys => KeysOf(CultureInfo.InvariantCulture);

    /// <summary>KeysOf: the keys a culture defines itself (no fallback), for checking that translations are complete.</summary>
    public static IReadOnlyList<string> KeysOf(CultureInfo culture)
    {
        // Not disposed: the ResourceManager caches and shares this set.
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        if (set is null) return [];
        return [.. set.Cast<DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal)];
    }
}

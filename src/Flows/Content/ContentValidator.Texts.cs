using OutreachBot.Flows.Model;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Content;

/// <summary>ContentValidator (texts): the {ar, en} pairs: both present, trimmed, Arabic in Arabic, English in the GSM-7 alphabet, within their SMS parts.</summary>
internal sealed partial class ContentValidator
{
    private static readonly string[] Langs = [Languages.Arabic, Languages.English];

    private static int Segments(string text) => SmsSegments.Count(text).Segments;

    /// <param name="maxSegments">SMS parts each language may take on its own; 0 for no limit of its own.</param>
    private LocalizedText? Bilingual(string field, ContentNode? node, int maxSegments, bool oneLine = false)
    {
        if (node is not MapNode map) { Error(field, node is null ? "missing: give 'ar' and 'en'" : "must be a mapping with 'ar' and 'en'"); return null; }
        foreach (var (key, _) in map.Entries)
            if (!Langs.Contains(key)) Error($"{field}.{key}", "unknown language: only 'ar' and 'en'");
        var ar = Text($"{field}.ar", map["ar"], Languages.Arabic, maxSegments, oneLine);
        var en = Text($"{field}.en", map["en"], Languages.English, maxSegments, oneLine);
        return ar is not null && en is not null ? new LocalizedText(ar, en) : null;
    }

    private string? Text(string field, ContentNode? node, string lang, int maxSegments, bool oneLine)
    {
        var text = node is ScalarNode { IsNull: false } s ? s.Value : null;
        if (text is null || text.Trim().Length == 0)
        {
            Error(field, node is null ? "missing translation" : "must be a non-empty text");
            return null;
        }
        var before = errors.Count;
        if (text != text.Trim()) Error(field, "has leading or trailing spaces");
        if (oneLine && text.Contains('\n')) Error(field, "must be one line");
        var hasArabic = text.Any(c => c is >= '\u0600' and <= '\u06FF');
        if (lang == Languages.Arabic && !hasArabic) Error(field, "has no Arabic letters (untranslated?)");
        if (lang == Languages.English && hasArabic) Error(field, "contains Arabic letters");
        else if (lang == Languages.English && !SmsSegments.IsGsm7(text))
            Error(field, $"is not GSM-7 and would cut every SMS part to 67 characters: {string.Concat(text.Where(c => !SmsSegments.IsGsm7(c.ToString())).Distinct())}");
        if (maxSegments > 0 && Segments(text) > maxSegments) Error(field, $"takes {Segments(text)} SMS parts, at most {maxSegments}");
        return errors.Count == before ? text : null;
    }
}

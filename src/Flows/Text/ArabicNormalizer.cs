using System.Globalization;
using System.Text;

namespace OutreachBot.Flows.Text;

/// <summary>ArabicNormalizer: folds what people type into one comparable form before any matching.</summary>
/// <remarks>
/// Rural users type the same word many ways (أ/إ/آ/ا, ى/ي, ة/ه, tatweel, harakat, Eastern Arabic or
/// Persian digits, stray RTL marks pasted from other apps, presentation forms and fullwidth letters from old
/// keyboards and copied text). Matching on this form makes those equal.
/// </remarks>
public static class ArabicNormalizer
{
    /// <summary>Normalize: the folded, case-insensitive form used for matching; never throws.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        text = Compatible(text);
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!rune.IsBmp)
            {
                // Emoji and other astral symbols carry no answer ("المنيا 🌾" is just "المنيا").
                sb.Append(IsSymbol(rune) ? ' ' : rune.ToString());
                continue;
            }
            var c = Fold((char)rune.Value);
            if (c == '\0') continue;
            sb.Append(IsSymbol(rune) ? ' ' : c);
        }
        return Collapse(sb.ToString().ToLowerInvariant(), trimPunctuation: true);
    }

    /// <summary>Compatible applies Unicode NFKC, so «ﺗﻮﻗﻒ» (presentation forms) reads as «توقف» and «ＳＴＯＰ» (fullwidth) as STOP.</summary>
    /// <remarks>
    /// It runs on every message, and nearly all are ASCII or plain Arabic letters and digits, which NFKC leaves as they
    /// are: one scan over the text tells so, without a call into ICU or an allocation.
    /// </remarks>
    private static string Compatible(string text)
    {
        if (IsPlain(text)) return text;
        try
        {
            return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate (half an emoji cut off by a client) or the noncharacter U+FFFE makes .NET refuse the whole text.
            var sb = new StringBuilder(text.Length);
            foreach (var rune in text.EnumerateRunes()) sb.Append(rune.Value == 0xFFFE ? Rune.ReplacementChar : rune); // lone surrogates come as U+FFFD
            return sb.ToString().Normalize(NormalizationForm.FormKC);
        }
    }

    /// <summary>IsPlain: every character is one NFKC keeps and never combines with a neighbour (ASCII, Arabic letters, digits, punctuation, direction marks, emoji).</summary>
    /// <remarks>Harakat, hamza and madda above (which compose with the letter before them) and the compatibility letters U+0675–U+0678 are left to NFKC.</remarks>
    private static bool IsPlain(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0080') continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) && IsEmoji(char.ConvertToUtf32(c, text[i + 1])))
            {
                i++;
                continue;
            }
            var plain = c switch
            {
                >= '\u0600' and <= '\u060F' => true,
                >= '\u061B' and <= '\u064A' => true,
                >= '\u0660' and <= '\u066F' => true,
                >= '\u0671' and <= '\u0674' => true,
                >= '\u0679' and <= '\u06D5' => true,
                >= '\u200B' and <= '\u200F' => true,
                >= '\u202A' and <= '\u202E' => true,
                '\uFE0F' => true, // emoji presentation selector
                _ => false,
            };
            if (!plain) return false;
        }
        return true;
    }

    // Flags and pictographs have no compatibility decomposition, and people add them to answers ("المنيا 🌾").
    private static bool IsEmoji(int codePoint) => codePoint is >= 0x1F1E6 and <= 0x1F1FF or >= 0x1F300 and <= 0x1FAFF;

    private static bool IsSymbol(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol
        || rune.Value is >= 0xFE00 and <= 0xFE0F; // variation selectors that follow emoji

    /// <summary>Clean: the text as typed minus control/format characters, with whitespace collapsed; used to store free text.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) sb.Append(' ');
            else if (!IsInvisible(c) && c != '\u0640') sb.Append(c); // tatweel only stretches letters
        }
        return Collapse(sb.ToString(), trimPunctuation: false);
    }

    /// <summary>DigitsToAscii: Eastern Arabic and Persian digits to 0-9, everything else unchanged.</summary>
    public static string DigitsToAscii(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++) chars[i] = FoldDigit(chars[i]);
        return new string(chars);
    }

    private static char Fold(char c)
    {
        if (char.IsWhiteSpace(c)) return ' ';
        if (IsInvisible(c)) return '\0';
        if (c is >= '\u064B' and <= '\u065F' || c == '\u0670' || c == '\u0640') return '\0'; // harakat, dagger alef, tatweel
        return c switch
        {
            'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            // Hamza on waw is written plain by many; no word we match differs only by it.
            'ؤ' => 'و',
            '،' => ',',
            '؛' => ';',
            '؟' => '?',
            _ => FoldDigit(c),
        };
    }

    private static char FoldDigit(char c) => c switch
    {
        >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
        >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
        _ => c,
    };

    private static bool IsInvisible(char c)
    {
        var cat = char.GetUnicodeCategory(c);
        return cat is UnicodeCategory.Control or UnicodeCategory.Format;
    }

    private static string Collapse(string text, bool trimPunctuation)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c == ' ') { pendingSpace = sb.Length > 0; continue; }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        var s = sb.ToString();
        if (!trimPunctuation) return s;
        var start = 0;
        var end = s.Length;
        while (start < end && IsTrimmable(s[start])) start++;
        while (end > start && IsTrimmable(s[end - 1])) end--;
        return s[start..end];
    }

    // Surrounding punctuation ("نعم!", "...Minya.") is noise; '+' and '/' stay because they carry meaning (+20…, /start).
    private static bool IsTrimmable(char c) =>
        c == ' ' || (char.IsPunctuation(c) && c != '/' && c != '#') || (char.IsSymbol(c) && c != '+');
}

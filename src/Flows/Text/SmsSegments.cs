namespace OutreachBot.Flows.Text;

/// <summary>SmsEncoding: how an SMS text travels on the air.</summary>
public enum SmsEncoding
{
    /// <summary>GSM 03.38 7-bit alphabet: 160 characters, 153 per part when split.</summary>
    Gsm7,
    /// <summary>UCS-2 (any Arabic or emoji): 70 UTF-16 units, 67 per part when split.</summary>
    Ucs2,
}

/// <summary>SmsSegmentCount: how many parts an SMS takes, its encoding and its length in encoding units.</summary>
public readonly record struct SmsSegmentCount(int Segments, SmsEncoding Encoding, int Units);

/// <summary>SmsSegments counts SMS parts exactly, by characters (never bytes), as handsets and carriers do.</summary>
/// <remarks>
/// Extension-table characters (€ [ ] { } ~ ^ | \ and form feed) cost two septets, and an escape pair is never
/// split across parts; in UCS-2 a surrogate pair (most emoji) is never split either, so a part may hold
/// one unit less than its maximum.
/// </remarks>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    /// <summary>Count returns the parts, encoding and units of <paramref name="text"/>.</summary>
    public static SmsSegmentCount Count(string text)
    {
        if (IsGsm7(text))
        {
            var units = 0;
            foreach (var c in text) units += SeptetsOf(c);
            return new SmsSegmentCount(Pack(text, single: 160, part: 153, SeptetsOf, splitsPair: false), SmsEncoding.Gsm7, units);
        }
        return new SmsSegmentCount(Pack(text, single: 70, part: 67, _ => 1, splitsPair: true), SmsEncoding.Ucs2, text.Length);
    }

    /// <summary>IsGsm7 tells whether every character is in the GSM 03.38 basic or extension table.</summary>
    public static bool IsGsm7(string text)
    {
        foreach (var c in text)
            if (!BasicSet.Contains(c) && !ExtensionSet.Contains(c)) return false;
        return true;
    }

    private static int SeptetsOf(char c) => ExtensionSet.Contains(c) ? 2 : 1;

    /// <summary>Pack fills parts greedily, never splitting one character's units (or a surrogate pair) across two parts.</summary>
    private static int Pack(string text, int single, int part, Func<char, int> cost, bool splitsPair)
    {
        var total = 0;
        foreach (var c in text) total += cost(c);
        if (total <= single) return 1;

        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var units = cost(text[i]);
            if (splitsPair && char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                units = 2;
                i++;
            }
            if (used + units > part)
            {
                parts++;
                used = 0;
            }
            used += units;
        }
        return parts;
    }
}

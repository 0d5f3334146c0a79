namespace OutreachBot.Flows.Text;

/// <summary>SmsBudget: how many SMS segments a text costs, counted by characters (GSM-7 or UCS-2), not bytes.</summary>
public static class SmsBudget
{
    /// <summary>MaxSegments: the most segments one prompt may cost.</summary>
    public const int MaxSegments = 3;

    /// <summary>IsGsm7: true when every character fits the GSM 03.38 alphabet (with its extension table).</summary>
    public static bool IsGsm7(string text) => SmsSegments.IsGsm7(text);

    /// <summary>Segments: number of SMS parts, counted by <see cref="SmsSegments"/> (the counter delivery and cost estimates share).</summary>
    public static int Segments(string text) => SmsSegments.Count(text).Segments;

    /// <summary>Fits: true when the text costs at most <see cref="MaxSegments"/> segments.</summary>
    public static bool Fits(string text) => Segments(text) <= MaxSegments;

    /// <summary>SplitByLines: cuts a long text at line breaks into parts that each fit the budget.</summary>
    /// <remarks>A single line longer than the budget is cut at the budget, never dropped.</remarks>
    public static IReadOnlyList<string> SplitByLines(string text)
    {
        if (Fits(text)) return [text];
        var parts = new List<string>();
        var current = "";
        foreach (var line in text.Split('\n'))
        {
            var candidate = current.Length == 0 ? line : current + "\n" + line;
            if (Fits(candidate)) { current = candidate; continue; }
            if (current.Length > 0) parts.Add(current);
            current = line;
            while (!Fits(current))
            {
                var cut = IsGsm7(current) ? 229 : 201; // 229: worst case where every character is an extension (2 septets)
                // An escape pair or a surrogate pair at a part boundary costs a unit more; never cut a pair in two.
                while (cut > 1 && (!Fits(current[..cut]) || char.IsHighSurrogate(current[cut - 1]))) cut--;
                parts.Add(current[..cut]);
                current = current[cut..];
            }
        }
        if (current.Length > 0) parts.Add(current);
        return parts;
    }
}

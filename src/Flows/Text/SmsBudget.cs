namespace OutreachBot.Flows.Text;

/// <summary>SmsBudget: how many SMS segments a text costs, counted by characters (GSM-7 or UCS-2), not bytes.</summary>
public static class SmsBudget
{
    /// <summary>MaxSegments: the most segments one prompt may cost.</summary>
    public const int MaxSegments = 3;

    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Gsm7Extension = "^{}\\[~]|€\f";

    /// <summary>IsGsm7: true when every character fits the GSM 03.38 alphabet (with its extension table).</summary>
    public static bool IsGsm7(string text) => text.All(c => Gsm7Basic.Contains(c) || Gsm7Extension.Contains(c));

    /// <summary>Segments: number of SMS parts: GSM-7 160 or 153 per part, UCS-2 70 or 67 per part.</summary>
    public static int Segments(string text)
    {
        if (text.Length == 0) return 1;
        if (IsGsm7(text))
        {
            var septets = text.Sum(c => Gsm7Extension.Contains(c) ? 2 : 1);
            return septets <= 160 ? 1 : (septets + 152) / 153;
        }
        return text.Length <= 70 ? 1 : (text.Length + 66) / 67;
    }

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
                parts.Add(current[..cut]);
                current = current[cut..];
            }
        }
        if (current.Length > 0) parts.Add(current);
        return parts;
    }
}

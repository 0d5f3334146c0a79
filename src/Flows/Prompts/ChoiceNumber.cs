using System.Globalization;

namespace OutreachBot.Flows.Prompts;

/// <summary>ChoiceNumber: reads a list position from a whole normalised message: "2" (Eastern digits arrive as ASCII), or a letter where allowed.</summary>
public static class ChoiceNumber
{
    // Normalised forms: «أ» folds to «ا». Latin a-d for people who type on an English keyboard.
    private static readonly string[][] Letters = [["ا", "a"], ["ب", "b"], ["ج", "c"], ["د", "d"]];

    /// <summary>Index: the 0-based position chosen among <paramref name="count"/>, or -1; null when the message is not a number (or letter) at all.</summary>
    public static int? Index(string normalized, int count, bool letters = false)
    {
        if (int.TryParse(normalized, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n >= 1 && n <= count ? n - 1 : -1;
        if (!letters) return null;
        for (var i = 0; i < Letters.Length; i++)
            if (Letters[i].Contains(normalized)) return i < count ? i : -1;
        return null;
    }
}

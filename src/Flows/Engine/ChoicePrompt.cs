using System.Text;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Engine;

/// <summary>ChoicePrompt: renders a question with choices as buttons, or as a numbered list where there are no buttons.</summary>
public static class ChoicePrompt
{
    /// <summary>Render: buttons (Choices) when the channel has them; else "1- label" lines appended to the text.</summary>
    public static Reply Render(string question, IReadOnlyList<string> labels, ChannelTraits traits, int perRow = 1) =>
        traits.HasButtons
            ? new Reply(question, labels, perRow)
            : new Reply(question + "\n" + NumberedList(labels));

    /// <summary>NumberedList: one "n- label" line per choice, numbered from <paramref name="first"/>.</summary>
    public static string NumberedList(IReadOnlyList<string> labels, int first = 1)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0) sb.Append('\n');
            sb.Append(first + i).Append("- ").Append(labels[i]);
        }
        return sb.ToString();
    }

    /// <summary>Pick: the 0-based index chosen by number ("2", "٢") or by label (normalised), or -1.</summary>
    public static int Pick(string normalized, IReadOnlyList<string> labels)
    {
        if (int.TryParse(normalized, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n >= 1 && n <= labels.Count ? n - 1 : -1;
        for (var i = 0; i < labels.Count; i++)
            if (ArabicNormalizer.Normalize(labels[i]) == normalized) return i;
        return -1;
    }
}

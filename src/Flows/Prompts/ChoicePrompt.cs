using System.Text;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Prompts;

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
}

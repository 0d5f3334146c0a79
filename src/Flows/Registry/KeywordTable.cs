using System.Text;
using OutreachBot.Flows.Engine;

namespace OutreachBot.Flows.Registry;

/// <summary>KeywordTable: the README's keyword table, built from the registered flows' start words and the global keywords.</summary>
public static class KeywordTable
{
    /// <summary>Markdown: one row per flow (registry order), then one per global keyword, then "back".</summary>
    public static string Markdown(FlowRegistry registry)
    {
        var sb = new StringBuilder("| keyword | what it does |\n|---|---|\n");
        foreach (var flow in registry.Flows) Row(sb, flow.StartWords, flow.Summary);
        foreach (var entry in Keywords.Entries) Row(sb, entry.Words, entry.Summary);
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, IReadOnlyList<string> words, string summary) =>
        sb.Append("| ").AppendJoin(", ", words).Append(" | ").Append(summary).Append(" |\n");
}

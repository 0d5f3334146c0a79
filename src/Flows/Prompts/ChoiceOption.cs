using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Prompts;

/// <summary>ChoiceOption: one answer of a choice prompt: stored code, resource key of its label, extra words that select it.</summary>
public sealed record ChoiceOption(string Code, string LabelKey, IReadOnlyList<string> Synonyms)
{
    public string Label(string language) => Texts.Get(LabelKey, language);
}

using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Flows.Engine;

/// <summary>Menu: the main menu shown when no flow runs: one entry per registered flow, then help, then the other language.</summary>
internal sealed class Menu(Turn turn, FlowRegistry registry)
{
    /// <summary>Greet: welcome (or welcome back, with the volunteer number) followed by the menu.</summary>
    public void Greet() => Show(turn.T(GreetingKey(turn.Contact), turn.Contact.VolunteerNumber ?? ""));

    /// <summary>GreetingKey: which greeting a contact gets.</summary>
    public static string GreetingKey(Contact contact) => contact.RegisteredAt is null ? "greeting" : "greeting_back";

    /// <summary>Show: the menu, optionally after a lead sentence in the same message.</summary>
    public void Show(string? lead)
    {
        var question = turn.T("menu_prompt");
        turn.Ask(lead is null ? question : lead + "\n" + question, Labels());
    }

    /// <summary>HelpText: HELP, naming how to start each registered flow.</summary>
    public string HelpText() => turn.T("help", string.Concat(registry.Flows.Select(f => f.HelpPhrase(turn.Language))));

    /// <summary>Answer: a message outside any flow: a menu number or label is followed, anything else goes to <paramref name="otherwise"/> (the menu by default).</summary>
    public void Answer(Action<IFlow> start, Action? otherwise = null)
    {
        var flows = registry.Flows;
        var index = ChoiceParser.IndexOf(turn.Normalized, Labels());
        if (index >= 0 && index < flows.Count) { start(flows[index]); return; }
        switch (index - flows.Count)
        {
            case 0: turn.Say(HelpText()); Show(null); break;
            case 1:
                turn.Contact.Language = turn.Language == Languages.English ? Languages.Arabic : Languages.English;
                Show(turn.T("language_set"));
                break;
            default: (otherwise ?? (() => Show(null)))(); break;
        }
    }

    private IReadOnlyList<string> Labels() =>
    [
        .. registry.Flows.Select(f => f.MenuLabel(turn.Contact, turn.Language)),
        turn.T("menu_help"),
        turn.T("menu_language"),
    ];
}

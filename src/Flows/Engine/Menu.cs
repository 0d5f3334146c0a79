using OutreachBot.Flows.Model;
using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Engine;

/// <summary>Menu: the short main menu shown when no flow runs: 1 sign up, 2 help, 3 the other language.</summary>
internal static class Menu
{
    /// <summary>Greet: welcome (or welcome back, with the volunteer number) followed by the menu.</summary>
    public static void Greet(Turn turn) =>
        Show(turn, turn.T(GreetingKey(turn.Contact), turn.Contact.VolunteerNumber ?? ""));

    /// <summary>GreetingKey: which greeting a contact gets.</summary>
    public static string GreetingKey(Contact contact) => contact.RegisteredAt is null ? "greeting" : "greeting_back";

    /// <summary>Show: the menu, optionally after a lead sentence in the same message.</summary>
    public static void Show(Turn turn, string? lead)
    {
        var question = turn.T("menu_prompt");
        turn.Ask(lead is null ? question : lead + "\n" + question, Labels(turn));
    }

    /// <summary>Answer: a message outside any flow: a menu number or label is followed, anything else gets the menu.</summary>
    public static void Answer(Turn turn)
    {
        switch (ChoicePromptIndex(turn))
        {
            case 0: new SignUpFlow(turn).Start(); break;
            case 1: turn.Say(turn.T("help")); Show(turn, null); break;
            case 2:
                turn.Contact.Language = turn.Language == Languages.English ? Languages.Arabic : Languages.English;
                Show(turn, turn.T("language_set"));
                break;
            default: Show(turn, null); break;
        }
    }

    private static int ChoicePromptIndex(Turn turn) => ChoicePrompt.Pick(turn.Normalized, Labels(turn));

    private static IReadOnlyList<string> Labels(Turn turn) =>
    [
        turn.T(turn.Contact.RegisteredAt is null ? "menu_signup" : "menu_profile"),
        turn.T("menu_help"),
        turn.T("menu_language"),
    ];
}

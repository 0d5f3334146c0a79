using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>TestPollFlow: a one-question flow registered beside sign-up in tests only, to prove that the engine runs any registered flow.</summary>
/// <remarks>Its words are test data, not service texts: it answers in the contact's language with fixed strings.</remarks>
/// <param name="arabicName">How its Arabic texts name it.</param>
/// <param name="offersNext">A flow it offers when it finishes ("take a quiz now?"), or null.</param>
public sealed class TestPollFlow(string name, string arabicName, IReadOnlyList<string> startWords, string? deepLinkName, string? offersNext = null) : IFlow
{
    private const string Asked = "Question";
    private const string Done = "Done";

    public string Name => name;
    public IReadOnlyList<string> StartWords => startWords;
    public string? DeepLinkName => deepLinkName;
    public string Summary => $"start the test flow '{name}'";

    public string Title(string language) => En(language) ? $"the {name}" : $"ال{arabicName}";
    public string HelpPhrase(string language) => En(language) ? $"{startWords[0]} for the {name}, " : $"«{startWords[1]}» لل{arabicName}، ";
    public string MenuLabel(Contact contact, string language) => En(language) ? $"Take the {name}" : $"شارك في ال{arabicName}";

    public void Start(Turn turn, string? args)
    {
        turn.Session.State = Asked;
        if (args is not null) turn.Session.Answers["args"] = args;
        Ask(turn, "");
    }

    public void Handle(Turn turn)
    {
        if (turn.Session.State != Asked) { Ask(turn, ""); return; }
        var choice = ChoiceParser.IndexOf(turn.Normalized, Options(turn.Language), letters: true);
        if (choice < 0)
        {
            Retries.Failed(turn, () => Ask(turn, En(turn.Language) ? "Please pick one. " : "اختار واحدة. "),
                () => En(turn.Language) ? "Send 1, 2 or 3 (or a, b, c)." : "ابعت ١ أو ٢ أو ٣ (أو أ، ب، ج).");
            return;
        }
        turn.Session.Answers["choice"] = (choice + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        turn.Session.State = Done;
        turn.Say(En(turn.Language) ? $"Thanks, {name} answered." : $"شكراً، اتسجلت إجابتك في ال{arabicName}.");
        if (offersNext is not null) turn.OfferNext(offersNext, "after_" + name);
    }

    public void Reprompt(Turn turn) => Ask(turn, "");
    public void LanguageChanged(Turn turn) => Ask(turn, "");
    public bool OfferResume(Turn turn) => false;
    public bool IsFinished(Turn turn) => turn.Session.State == Done;

    private void Ask(Turn turn, string lead) =>
        turn.Ask(lead + (En(turn.Language) ? $"{name}: which activity would you join?" : $"ال{arabicName}: تحب تشارك في أنهي نشاط؟"), Options(turn.Language));

    private static string[] Options(string language) => En(language)
        ? ["Cleaning the village", "Literacy classes", "Health day"]
        : ["تنضيف القرية", "فصول محو الأمية", "يوم صحي"];

    private static bool En(string language) => language == Languages.English;
}

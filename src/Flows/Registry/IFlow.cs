using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Registry;

/// <summary>IFlow: one conversation the engine can run: how it is started and named, and its step over the turn.</summary>
/// <remarks>
/// A flow keeps nothing between messages: all it knows is in <see cref="Turn.Session"/> (State, Answers, Attempts),
/// which the caller stores. It only adds replies to the turn; it never sends, reads a clock or touches storage.
/// </remarks>
public interface IFlow
{
    /// <summary>Name: the value of <see cref="Session.Flow"/> while it runs; lower-case letters and digits.</summary>
    string Name { get; }

    /// <summary>StartWords: whole messages that start it, as written in both languages (matched after normalisation).</summary>
    IReadOnlyList<string> StartWords { get; }

    /// <summary>IntentPhrases: phrases that start it when written outside any flow («عايز اتطوع»), matched with spelling tolerance; none by default.</summary>
    /// <remarks>Shipped flows read theirs from Resources/Phrases.yaml; the registry refuses a phrase another intent claims.</remarks>
    IReadOnlyList<string> IntentPhrases => [];

    /// <summary>DeepLinkName: the Telegram /start payload part that starts it (see README), or null for none.</summary>
    string? DeepLinkName { get; }

    /// <summary>Summary: one English line for the README's keyword table.</summary>
    string Summary { get; }

    /// <summary>Title: how a question names it ("you were in the middle of {0}"), in <paramref name="language"/>.</summary>
    /// <remarks>Texts are returned, not resource keys, so a flow whose words come from content files can answer too.</remarks>
    string Title(string language);

    /// <summary>HelpPhrase: its part of HELP, with the separator that follows it ("JOIN to sign up, ").</summary>
    string HelpPhrase(string language);

    /// <summary>MenuLabel: its menu entry for this contact.</summary>
    string MenuLabel(Contact contact, string language);

    /// <summary>Start: begins afresh (the engine has set Session.Flow and cleared the rest); <paramref name="args"/> come from a deep link, an offer or a trigger.</summary>
    void Start(Turn turn, string? args);

    /// <summary>Handle: one message that is not a global keyword.</summary>
    void Handle(Turn turn);

    /// <summary>Reprompt: ask the current question again (after HELP, /start, its own start word, or a resume).</summary>
    void Reprompt(Turn turn);

    /// <summary>LanguageChanged: the contact switched language while it runs.</summary>
    void LanguageChanged(Turn turn);

    /// <summary>OfferResume: the session lapsed; ask whether to carry on. False when there is nothing worth resuming.</summary>
    bool OfferResume(Turn turn);

    /// <summary>IsFinished: it reached an end; the engine closes it.</summary>
    bool IsFinished(Turn turn);
}

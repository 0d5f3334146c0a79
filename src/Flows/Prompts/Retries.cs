using OutreachBot.Flows.Engine;

namespace OutreachBot.Flows.Prompts;

/// <summary>Retries: a wrong answer is counted and re-prompted; every third failure on one step also brings its hint and the way out.</summary>
public static class Retries
{
    /// <summary>HelpEvery: failures on one step between two hints.</summary>
    public const int HelpEvery = 3;

    /// <summary>Failed: counts the failure, re-prompts, and adds the hint when due.</summary>
    public static void Failed(Turn turn, Action reprompt, string hintKey)
    {
        turn.Session.Attempts++;
        reprompt();
        OfferHelpIfDue(turn, hintKey);
    }

    /// <summary>OfferHelpIfDue: the hint (<paramref name="hintKey"/>) and how to go back or leave, on every third failure.</summary>
    public static void OfferHelpIfDue(Turn turn, string hintKey)
    {
        if (turn.Session.Attempts % HelpEvery == 0) turn.Say(turn.T(hintKey) + "\n" + turn.T("help_nav"));
    }
}

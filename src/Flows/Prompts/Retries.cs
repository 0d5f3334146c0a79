using OutreachBot.Flows.Engine;

namespace OutreachBot.Flows.Prompts;

/// <summary>Retries: a wrong answer is counted and re-prompted; every third failure on one step also brings its hint and the way out.</summary>
public static class Retries
{
    /// <summary>HelpEvery: failures on one step between two hints.</summary>
    public const int HelpEvery = 3;

    /// <summary>Failed: counts the failure, re-prompts, and adds the hint when due.</summary>
    public static void Failed(Turn turn, Action reprompt, Func<string> hint)
    {
        turn.Session.Attempts++;
        reprompt();
        OfferHelpIfDue(turn, hint);
    }

    /// <summary>OfferHelpIfDue: the step's hint and how to go back or leave, on every third failure.</summary>
    public static void OfferHelpIfDue(Turn turn, Func<string> hint)
    {
        if (turn.Session.Attempts % HelpEvery == 0) turn.Say(hint() + "\n" + turn.T("help_nav"));
    }
}

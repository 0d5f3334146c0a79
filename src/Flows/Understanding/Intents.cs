namespace OutreachBot.Flows.Understanding;

/// <summary>Intents: the engine's own intent names in Phrases.yaml (a flow's phrases go under the flow's name).</summary>
public static class Intents
{
    public const string Help = "help";
    public const string Menu = "menu";
    public const string English = "english";
    public const string Arabic = "arabic";
    public const string About = "about";

    /// <summary>Stop: stops at once, as STOP does.</summary>
    public const string Stop = "stop";

    /// <summary>StopSoft: may mean stop; the bot asks before stopping.</summary>
    public const string StopSoft = "stop_soft";

    public const string Yes = "yes";
    public const string No = "no";
    public const string Maybe = "maybe";

    /// <summary>Answers: the intents of a yes/no answer, read by <see cref="Prompts.YesNo"/> rather than routed.</summary>
    public static IReadOnlyList<string> Answers { get; } = [Yes, No, Maybe];

    /// <summary>All: every engine intent; a flow may not be named like one.</summary>
    public static IReadOnlyList<string> All { get; } = [Help, Menu, English, Arabic, About, Stop, StopSoft, Yes, No, Maybe];
}

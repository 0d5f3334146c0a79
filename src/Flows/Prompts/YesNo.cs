namespace OutreachBot.Flows.Prompts;

/// <summary>YesNo: the shared yes/no question: the words people type for each, and the two options with neutral labels.</summary>
/// <remarks>Words are normalised matching data ("اه" is «آه»), not UI text; a flow may add its own (sign-up's consent adds «موافق»).</remarks>
public static class YesNo
{
    public const string YesCode = "yes";
    public const string NoCode = "no";

    public static IReadOnlyList<string> YesWords { get; } = ["yes", "y", "ok", "نعم", "اه", "ايوه", "ايوا", "تمام"];
    public static IReadOnlyList<string> NoWords { get; } = ["no", "n", "لا", "لاء"];

    /// <summary>Options: "yes" and "no" labelled by the answer_yes / answer_no texts.</summary>
    public static IReadOnlyList<ChoiceOption> Options { get; } =
    [
        new(YesCode, "answer_yes", YesWords),
        new(NoCode, "answer_no", NoWords),
    ];

    /// <summary>Labels: "yes" and "no" in <paramref name="language"/>, in that order.</summary>
    public static IReadOnlyList<string> Labels(string language) => [.. Options.Select(o => o.Label(language))];

    /// <summary>Read: true for yes, false for no, null when the message is neither.</summary>
    public static bool? Read(string normalized) => ChoiceParser.Single(normalized, Options)?.Code switch
    {
        YesCode => true,
        NoCode => false,
        _ => null,
    };
}

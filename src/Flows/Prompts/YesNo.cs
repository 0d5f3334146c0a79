using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Prompts;

/// <summary>YesNoAnswer: what a reply to a yes/no question says; a maybe is asked again, never taken as yes.</summary>
public enum YesNoAnswer { Unknown = 0, Yes, No, Maybe }

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

    /// <summary>Read: true for yes, false for no, null when the whole message is neither word (exact words only).</summary>
    public static bool? Read(string normalized) => ChoiceParser.Single(normalized, Options)?.Code switch
    {
        YesCode => true,
        NoCode => false,
        _ => null,
    };

    /// <summary>Read: the answer to a yes/no question whose first option means yes and second no (<see cref="Options"/> by default).</summary>
    /// <remarks>
    /// First the options themselves (number, label, their words), exactly as before; then, with understanding on, their
    /// Franco-Arabic readings («aywa», «la2») and the yes, no and maybe phrases of Phrases.yaml found in the message
    /// («أيوه طبعا», «لا مش هقدر», «إن شاء الله»). A no and a yes together are Unknown; a maybe wins over a yes.
    /// </remarks>
    public static YesNoAnswer Read(Turn turn, IReadOnlyList<ChoiceOption>? options = null)
    {
        if (turn.Options.Understanding) return Read(turn.Heard, options);
        var set = options ?? Options;
        return ChoiceParser.Single(turn.Normalized, set) is { } exact ? AnswerOf(exact, set) : YesNoAnswer.Unknown;
    }

    /// <summary>Read: the answer <paramref name="heard"/> gives to a yes/no question (see <see cref="Read(Turn, IReadOnlyList{ChoiceOption}?)"/>).</summary>
    public static YesNoAnswer Read(Utterance heard, IReadOnlyList<ChoiceOption>? options = null)
    {
        var set = options ?? Options;
        foreach (var reading in heard.Texts)
            if (ChoiceParser.Single(reading, set) is { } option) return AnswerOf(option, set);

        var hits = PhraseBook.Shipped.Answers.Hits(heard);
        bool Said(string intent) => hits.Any(h => h.Intent == intent);
        if (Said(Intents.No)) return Said(Intents.Yes) ? YesNoAnswer.Unknown : YesNoAnswer.No;
        if (Said(Intents.Maybe)) return YesNoAnswer.Maybe;
        return Said(Intents.Yes) ? YesNoAnswer.Yes : YesNoAnswer.Unknown;
    }

    private static YesNoAnswer AnswerOf(ChoiceOption option, IReadOnlyList<ChoiceOption> set) =>
        option == set[0] ? YesNoAnswer.Yes : YesNoAnswer.No;
}

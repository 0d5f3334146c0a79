using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Content;

/// <summary>ContentValidator (questions): ids, 2 to 4 options, codes (polls), the right option, explanation and source (quizzes), the SMS size.</summary>
internal sealed partial class ContentValidator
{
    private static readonly string[] QuizQuestionKeys = ["id", "text", "options", "correct", "explanation", "source"];
    private static readonly string[] PollQuestionKeys = ["id", "text", "options"];

    private List<QuizQuestion>? Questions(ContentNode? node, ContentKind kind)
    {
        if (node is not ListNode list || list.Items.Count == 0) { Error("questions", "must be a list of 1 to 10 questions"); return null; }
        if (list.Items.Count > MaxQuestions) Error("questions", $"{list.Items.Count} questions, at most {MaxQuestions}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var questions = new List<QuizQuestion>();
        for (var n = 1; n <= list.Items.Count; n++)
        {
            question = $"questions[{n}]";
            if (Question(list.Items[n - 1], kind, seen) is { } q) questions.Add(q);
        }
        question = null;
        return questions.Count == list.Items.Count ? questions : null;
    }

    private QuizQuestion? Question(ContentNode node, ContentKind kind, HashSet<string> seen)
    {
        if (node is not MapNode map) { Error("(question)", "must be a mapping with id, text and options"); return null; }
        var id = Scalar(map["id"]);
        if (id is not null) question += " " + id;
        if (id is null || !IdPattern().IsMatch(id)) Error("id", id is null ? "missing" : "must be lowercase ascii words joined by underscores");
        else if (!seen.Add(id)) Error("id", "duplicate question id");
        var allowed = kind == ContentKind.Quiz ? QuizQuestionKeys : PollQuestionKeys;
        foreach (var (key, _) in map.Entries)
            if (!allowed.Contains(key)) Error(key, QuizQuestionKeys.Contains(key) ? "quiz questions only" : "unknown field (a typo?)");

        var before = errors.Count;
        var text = Bilingual("text", map["text"], maxSegments: 0);
        var options = Options(map["options"], kind);
        int? correct = null;
        LocalizedText? explanation = null;
        string? source = null;
        if (kind == ContentKind.Quiz)
        {
            var count = options?.Count ?? 0;
            correct = Integer(map["correct"]);
            if (correct is null || correct < 1 || options is not null && correct > count)
                Error("correct", map["correct"] is null ? "missing: the number of the right option" : $"must be an option number from 1 to {count}");
            explanation = Bilingual("explanation", map["explanation"], maxSegments: 2);
            source = Scalar(map["source"])?.Trim();
            if (string.IsNullOrEmpty(source)) Error("source", "missing: the public document the fact comes from");
        }
        if (text is not null && options is not null) CheckSmsSize(text, options);
        if (errors.Count > before || id is null || text is null || options is null) return null;
        return new QuizQuestion(id, text, options, correct, explanation, source);
    }

    private List<QuizOption>? Options(ContentNode? node, ContentKind kind)
    {
        if (node is not ListNode list || list.Items.Count is < 2 or > 4)
        {
            Error("options", node is ListNode l ? $"{l.Items.Count} options: give 2 to 4" : "must be a list of 2 to 4 options");
            return null;
        }
        var options = new List<QuizOption>();
        for (var m = 1; m <= list.Items.Count; m++)
        {
            var field = $"options[{m}]";
            if (list.Items[m - 1] is not MapNode map) { Error(field, "must be a mapping with 'ar' and 'en'"); continue; }
            string? code = null;
            if (map["code"] is { } codeNode)
            {
                code = Scalar(codeNode);
                if (kind == ContentKind.Quiz) Error(field + ".code", "codes are for poll options only");
                else if (code is null || !IdPattern().IsMatch(code)) Error(field + ".code", "must be lowercase ascii words joined by underscores");
            }
            var texts = new MapNode([.. map.Entries.Where(e => e.Key != "code")], map.Line);
            if (Bilingual(field, texts, maxSegments: 0, oneLine: true) is { } text) options.Add(new QuizOption(text, code));
        }
        if (options.Count != list.Items.Count) return null;
        var codes = options.Where(o => o.Code is not null).Select(o => o.Code!).ToList();
        if (codes.Count > 0 && codes.Count != options.Count) Error("options", "either every option has a 'code' or none has");
        if (codes.Distinct().Count() != codes.Count) Error("options", "two options have the same code");
        foreach (var lang in Langs)
        {
            var normalized = options.Select(o => ArabicNormalizer.Normalize(o.Text.In(lang))).ToList();
            if (normalized.Distinct().Count() != normalized.Count) Error("options", $"two options read the same in '{lang}'");
        }
        return options;
    }

    /// <summary>CheckSmsSize: the question with its numbered options, as sent by SMS, fits in 3 parts in each language.</summary>
    private void CheckSmsSize(LocalizedText text, List<QuizOption> options)
    {
        foreach (var lang in Langs)
        {
            var sms = ChoicePrompt.Render(text.In(lang), [.. options.Select(o => o.Text.In(lang))], ChannelTraits.Sms).Text;
            var count = SmsSegments.Count(sms);
            if (count.Segments > SmsBudget.MaxSegments)
                Error($"text.{lang}", $"with its numbered options takes {count.Segments} SMS parts ({count.Units} units): shorten the question or an option");
        }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Content;

/// <summary>ContentValidator: turns one parsed file into a <see cref="QuizContent"/>, or lists every rule of content/README.md it breaks.</summary>
/// <remarks>Keeps going after an error so one run shows all of a file's problems; a file with any error is left out whole.</remarks>
internal sealed partial class ContentValidator
{
    public const int MaxQuestions = 10;
    private static readonly string[] TopKeys = ["id", "version", "kind", "title", "intro", "pass_mark", "completion", "questions", "audience", "active"];

    private readonly string file;
    private readonly List<ContentError> errors = [];
    private string? question; // the question being checked, for error messages

    private ContentValidator(string file) => this.file = file;

    /// <summary>Validate: the content, or null and the errors.</summary>
    public static (QuizContent? Content, IReadOnlyList<ContentError> Errors) Validate(string file, ContentNode root)
    {
        var v = new ContentValidator(file);
        var content = v.File(root);
        return v.errors.Count == 0 ? (content, []) : (null, v.errors);
    }

    private void Error(string field, string message) => errors.Add(new ContentError(file, question, field, message));

    private QuizContent? File(ContentNode root)
    {
        if (root is not MapNode doc) { Error("(file)", "the top level must be a mapping of fields"); return null; }
        var kind = Kind(doc["kind"]);
        foreach (var (key, _) in doc.Entries)
        {
            if (!TopKeys.Contains(key)) Error(key, "unknown field (a typo?)");
            else if (key == "pass_mark" && kind == ContentKind.Poll) Error(key, "a poll has no pass mark");
        }
        var id = Id(doc["id"]);
        var version = Version(doc["version"]);
        var title = Bilingual("title", doc["title"], maxSegments: 1, oneLine: true);
        var intro = Bilingual("intro", doc["intro"], maxSegments: 0);
        if (title is not null && intro is not null)
            foreach (var lang in Langs)
                if (Segments(title.In(lang) + "\n" + intro.In(lang)) > 3) Error($"intro.{lang}", "title, a line break and intro take more than 3 SMS parts");
        var completion = kind is { } k ? Completion(doc["completion"], k) : null;
        var questions = kind is { } qk ? Questions(doc["questions"], qk) : null;
        question = null;
        int? passMark = null;
        if (kind == ContentKind.Quiz) passMark = PassMark(doc["pass_mark"], questions?.Count);
        var audience = Audience(doc["audience"]);
        var active = Active(doc["active"]);
        if (errors.Count > 0 || kind is null || id is null || title is null || intro is null || completion is null || questions is null) return null;
        return new QuizContent(file, id, version, kind.Value, title, intro, passMark, completion, questions, audience, active);
    }

    private ContentKind? Kind(ContentNode? node)
    {
        var text = Scalar(node);
        ContentKind? kind = text switch { "quiz" => ContentKind.Quiz, "poll" => ContentKind.Poll, _ => null };
        if (kind is null) { Error("kind", text is null ? "missing: write quiz or poll" : $"'{text}' is not a kind: write quiz or poll"); return null; }
        var folder = file.Split('/')[0];
        if (folder == "quizzes" && kind != ContentKind.Quiz || folder == "polls" && kind != ContentKind.Poll)
            Error("kind", $"a {text} in the {folder}/ folder (quizzes go in quizzes/, polls in polls/)");
        return kind;
    }

    private string? Id(ContentNode? node)
    {
        var id = Scalar(node);
        if (id is null || !IdPattern().IsMatch(id)) { Error("id", id is null ? "missing" : $"'{id}' must be lowercase ascii words joined by underscores, e.g. digital_safety"); return null; }
        var stem = Path.GetFileNameWithoutExtension(file);
        if (id != stem) Error("id", $"'{id}' differs from the file name '{stem}'");
        return id;
    }

    private int Version(ContentNode? node)
    {
        if (Integer(node) is { } n && n >= 1) return n;
        Error("version", node is null ? "missing: an integer, 1 or more" : "must be an integer, 1 or more");
        return 0;
    }

    private int? PassMark(ContentNode? node, int? questionCount)
    {
        var max = questionCount ?? 0;
        if (node is null) { Error("pass_mark", "missing: a quiz needs the number of right answers that pass"); return null; }
        if (Integer(node) is { } n && n >= 1 && (questionCount is null || n <= max)) return n;
        Error("pass_mark", $"must be an integer from 1 to the number of questions ({max})");
        return null;
    }

    private QuizCompletion? Completion(ContentNode? node, ContentKind kind)
    {
        if (kind == ContentKind.Poll) return Bilingual("completion", node, maxSegments: 3) is { } text ? new QuizCompletion(text, null) : null;
        if (node is not MapNode map) { Error("completion", node is null ? "missing" : "a quiz needs 'passed' and 'failed', each with 'ar' and 'en'"); return null; }
        foreach (var (key, _) in map.Entries)
            if (key is not ("passed" or "failed")) Error("completion." + key, "unknown field: a quiz has 'passed' and 'failed'");
        var passed = Bilingual("completion.passed", map["passed"], maxSegments: 3);
        var failed = Bilingual("completion.failed", map["failed"], maxSegments: 3);
        return passed is not null && failed is not null ? new QuizCompletion(passed, failed) : null;
    }

    private static string? Scalar(ContentNode? node) => node is ScalarNode { IsNull: false } s ? s.Value : null;

    private static int? Integer(ContentNode? node) =>
        node is ScalarNode { Plain: true } s && int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    internal static partial Regex IdPattern();
}

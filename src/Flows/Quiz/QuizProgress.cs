using System.Globalization;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Quiz;

/// <summary>QuizProgress: the open attempt as kept in <see cref="Session.Answers"/>, so parking, resuming and the store carry it like any flow's answers.</summary>
/// <remarks>Keys hold the content id and version (a reload never changes what the attempt reads), the attempt number, and the options chosen so far.</remarks>
internal sealed class QuizProgress(Dictionary<string, string> answers)
{
    private const string IdKey = "quiz_id";
    private const string VersionKey = "quiz_version";
    private const string NumberKey = "quiz_number";
    private const string StartedKey = "quiz_started";
    private const string ChannelKey = "quiz_channel";
    private const string LanguageKey = "quiz_language";
    private const string ChosenKey = "quiz_answers";
    private const string ListKey = "quiz_list";

    public string? ContentId => answers.GetValueOrDefault(IdKey);
    public int Version => Int(VersionKey);
    public int Number => Int(NumberKey);
    public string Channel => answers.GetValueOrDefault(ChannelKey) ?? "";
    public string Language => answers.GetValueOrDefault(LanguageKey) ?? Languages.Arabic;

    public DateTimeOffset StartedAt =>
        DateTimeOffset.TryParse(answers.GetValueOrDefault(StartedKey), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : default;

    /// <summary>Chosen: the 1-based options chosen so far, in question order.</summary>
    public IReadOnlyList<int> Chosen =>
        [.. (answers.GetValueOrDefault(ChosenKey) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)];

    /// <summary>Listed: the ids offered in the list being answered, so its numbers keep meaning what was shown.</summary>
    public IReadOnlyList<string> Listed => (answers.GetValueOrDefault(ListKey) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    public void List(IEnumerable<string> ids) => answers[ListKey] = string.Join(',', ids);

    /// <summary>Begin: a new attempt at that version; anything of an earlier attempt is cleared.</summary>
    public void Begin(string id, int version, int number, DateTimeOffset at, string channel, string language)
    {
        answers.Clear();
        answers[IdKey] = id;
        answers[VersionKey] = version.ToString(CultureInfo.InvariantCulture);
        answers[NumberKey] = number.ToString(CultureInfo.InvariantCulture);
        answers[StartedKey] = at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        answers[ChannelKey] = channel;
        answers[LanguageKey] = language;
        answers[ChosenKey] = "";
    }

    public void Choose(int option) =>
        answers[ChosenKey] = string.Join(',', Chosen.Append(option));

    private int Int(string key) =>
        int.TryParse(answers.GetValueOrDefault(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}

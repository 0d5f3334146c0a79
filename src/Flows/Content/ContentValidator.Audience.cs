using System.Globalization;
using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Content;

/// <summary>ContentValidator (audience and dates): governorate and interest codes the service knows, ISO dates in order.</summary>
internal sealed partial class ContentValidator
{
    private QuizAudience? Audience(ContentNode? node)
    {
        if (node is null) return null;
        if (node is not MapNode map || map.Entries.Count == 0) { Error("audience", "must be a mapping with 'governorates' and/or 'interests'"); return null; }
        foreach (var (key, _) in map.Entries)
            if (key is not ("governorates" or "interests")) Error("audience." + key, "unknown field: use 'governorates' and/or 'interests'");
        var governorates = Codes("audience.governorates", map["governorates"], Governorates.All.Select(g => g.Code));
        var interests = Codes("audience.interests", map["interests"], ChoiceSets.Interests.Select(i => i.Code));
        return new QuizAudience(governorates, interests);
    }

    private List<string>? Codes(string field, ContentNode? node, IEnumerable<string> known)
    {
        if (node is null) return null;
        if (node is not ListNode list || list.Items.Count == 0) { Error(field, "must be a non-empty list of codes"); return null; }
        var codes = list.Items.Select(Scalar).ToList();
        foreach (var code in codes.Where(c => c is null || !known.Contains(c))) Error(field, $"unknown code '{code}' (see the tables in content/README.md)");
        if (codes.Distinct().Count() != codes.Count) Error(field, "a code is listed twice");
        return [.. codes.OfType<string>()];
    }

    private ActiveDates? Active(ContentNode? node)
    {
        if (node is null) return null;
        if (node is not MapNode map || map.Entries.Count == 0) { Error("active", "must be a mapping with 'from' and/or 'to'"); return null; }
        foreach (var (key, _) in map.Entries)
            if (key is not ("from" or "to")) Error("active." + key, "unknown field: use 'from' and/or 'to'");
        var from = Date("active.from", map["from"]);
        var to = Date("active.to", map["to"]);
        if (from > to) Error("active", $"'from' ({from:yyyy-MM-dd}) is after 'to' ({to:yyyy-MM-dd})");
        return new ActiveDates(from, to);
    }

    private DateOnly? Date(string field, ContentNode? node)
    {
        if (node is null) return null;
        var text = Scalar(node);
        if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Error(field, $"'{text}' is not a date written YYYY-MM-DD (a real day, no time)");
        return null;
    }
}

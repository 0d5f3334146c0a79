using System.Text.Json.Nodes;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Tests.Support;

/// <summary>ContactSnapshot: the contact fields a transcript checks, with empty ones left out so absence is asserted too.</summary>
/// <remarks>Times are written in Cairo time: the store keeps the instant, not the offset it came with, so the offset is not part of the contact.</remarks>
public static class ContactSnapshot
{
    private static readonly TimeZoneInfo Cairo = TimeZoneInfo.FindSystemTimeZoneById("Africa/Cairo");

    /// <summary>Time: an instant as Cairo's local time with its offset, e.g. 2026-11-29T08:10:00.0000000+02:00.</summary>
    public static string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Cairo).ToString("O");

    public static JsonObject Of(Contact c)
    {
        var o = new JsonObject { ["status"] = c.Status.ToString(), ["language"] = c.Language };
        void Put(string name, string? value) { if (!string.IsNullOrEmpty(value)) o[name] = value; }
        Put("name", c.Name);
        Put("governorate", c.Governorate);
        Put("village", c.Village);
        Put("phone", c.Phone);
        Put("ageBand", c.AgeBand);
        Put("gender", c.Gender);
        if (c.Interests.Count > 0) o["interests"] = new JsonArray([.. c.Interests.Select(i => JsonValue.Create(i))]);
        if (c.Availability.Count > 0) o["availability"] = new JsonArray([.. c.Availability.Select(i => JsonValue.Create(i))]);
        if (c.Consent is { } consent)
            o["consent"] = new JsonObject
            {
                ["accepted"] = consent.Accepted,
                ["at"] = Time(consent.At),
                ["textVersion"] = consent.TextVersion,
                ["channel"] = consent.Channel,
            };
        Put("referralSource", c.ReferralSource);
        Put("volunteerNumber", c.VolunteerNumber);
        Put("registeredAt", c.RegisteredAt is { } registered ? Time(registered) : null);
        Put("unverifiedPhone", c.UnverifiedPhone);
        if (c.CodesSent > 0) o["codesSent"] = c.CodesSent;
        if (c.QuizScores.Count > 0)
            o["quizScores"] = new JsonObject([.. c.QuizScores.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Scores(s.Value)))]);
        return o;
    }

    /// <summary>Scores: "attempts 2, finished 1, first 4, best 4, latest 4 of 6".</summary>
    private static string Scores(QuizScores s) =>
        $"attempts {s.Attempts}, finished {s.Finished}" + (s.First is null ? "" : $", first {s.First}, best {s.Best}, latest {s.Latest}") + $" of {s.QuestionCount}";
}

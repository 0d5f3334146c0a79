using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot.Requests;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>RawGetUpdatesRequest: getUpdates returning each update as raw JSON.</summary>
/// <remarks>The library's typed getUpdates deserialises the whole batch at once, so one malformed update would fail all of them;
/// we parse each update alone instead and skip only the bad one.</remarks>
internal sealed class RawGetUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    [JsonPropertyName("offset")]
    public int? Offset { get; set; }

    [JsonPropertyName("limit")]
    public int? Limit { get; set; }

    [JsonPropertyName("timeout")]
    public int? Timeout { get; set; }

    [JsonPropertyName("allowed_updates")]
    public string[]? AllowedUpdates { get; set; }
}

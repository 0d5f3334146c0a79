using System.Text.Json;
using System.Text.Json.Serialization;

namespace OutreachBot.Bot.Channels.Simulator;

/// <summary>SimulatorRequest: a message typed by a simulated user; <c>id</c> is optional and dedupes resends.</summary>
public sealed record SimulatorRequest(string? From, string? Text, string? Id);

/// <summary>SimulatorReply: one reply as the simulator shows it.</summary>
public sealed record SimulatorReply(string Text, IReadOnlyList<string> Choices);

/// <summary>SimulatorResponse: what one simulated message produced.</summary>
public sealed record SimulatorResponse(long ContactId, bool Duplicate, IReadOnlyList<SimulatorReply> Replies);

/// <summary>SimulatorJson: source-generated JSON for the simulator API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SimulatorRequest))]
[JsonSerializable(typeof(SimulatorResponse))]
internal sealed partial class SimulatorJson : JsonSerializerContext;

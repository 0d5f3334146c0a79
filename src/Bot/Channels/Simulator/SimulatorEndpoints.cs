using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Channels.Simulator;

/// <summary>SimulatorEndpoints: <c>POST /api/simulator/messages</c> takes a message through the real pipeline and answers with its replies.</summary>
public static partial class SimulatorEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>MaxIdLength keeps the inbound log key ("sim:" + user + ":" + id) well under LiteDB's 1023-byte index key limit.</summary>
    private const int MaxIdLength = 128;

    /// <summary>MapSimulatorEndpoints maps the simulator's HTTP API (404 while <c>Simulator:Enabled</c> is off).</summary>
    public static void MapSimulatorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/simulator/messages", PostMessage);
        app.MapGet("/api/simulator/messages/{user}", (string user, SimulatorSender sender, IOptions<SimulatorOptions> options) =>
            options.Value.Enabled != true
                ? Results.NotFound()
                : Results.Ok(sender.SentTo(SimulatorChannel.UrnOf(user)).Select(m => new { m.Id, m.Text, m.Choices, status = m.Status.ToString() })));
    }

    private static async Task<IResult> PostMessage(HttpContext http, IInboundPipeline pipeline, TimeProvider time,
        IOptions<SimulatorOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        if (options.Value.Enabled != true) return Results.NotFound();
        if (await BodyReader.ReadLimitedAsync(http.Request, MaxBodyBytes, ct) is not { } body)
            return Problem(413, $"The body is larger than {MaxBodyBytes} bytes.");

        SimulatorRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body.Span, SimulatorJson.Default.SimulatorRequest);
        }
        catch (JsonException ex)
        {
            return Problem(400, "The body must be UTF-8 JSON like {\"from\": \"alice\", \"text\": \"انضم\"}: " + ex.Message);
        }

        if (request?.From is not { } from || !UserName().IsMatch(from))
            return Problem(400, "\"from\" must be 1 to 64 letters, digits, '.', '_' or '-'.");
        if (request.Id is { Length: > MaxIdLength })
            return Problem(400, $"\"id\" must be at most {MaxIdLength} characters.");

        var message = new InboundMessage(
            Channel: SimulatorChannel.Name,
            // An id dedupes one user's resends; another user's message with the same id is a different message.
            ProviderId: from + ":" + (string.IsNullOrWhiteSpace(request.Id) ? Guid.NewGuid().ToString("N") : request.Id),
            Urn: SimulatorChannel.UrnOf(from),
            Text: request.Text ?? "",
            Kind: InboundKind.Text,
            Traits: ChannelTraits.Simulator,
            ReceivedAt: time.GetUtcNow());
        PipelineResult result;
        try
        {
            result = await pipeline.HandleAsync(message, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Same answer as the provider webhooks: nothing was stored, the sender may try again.
            loggers.CreateLogger(typeof(SimulatorEndpoints)).LogError("Storing simulator message {Id} failed ({Error})", message.ProviderId, ex.GetType().Name + ": " + ex.Message);
            return Problem(503, "The message could not be stored; send it again.");
        }
        return Results.Ok(new SimulatorResponse(
            result.ContactId,
            result.Duplicate,
            [.. result.Replies.Select(r => new SimulatorReply(r.Text, r.ChoiceList))]));
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")] // \z, not $: "alice\n" is not alice
    private static partial Regex UserName();
}

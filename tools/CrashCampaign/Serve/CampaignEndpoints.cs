using System.Text.Json.Serialization;
using OutreachBot.Bot.Delivery;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.CrashCampaign.Serve;

/// <summary>CampaignEndpoints: the tool-only endpoints of the service under test: enqueue a bulk batch once, and read outbox progress.</summary>
public static class CampaignEndpoints
{
    /// <summary>Channel the bulk batches go out on (the campaign's fake Bot API).</summary>
    public const string BulkChannel = "telegram";

    private const int MaxBatch = 1000;

    public static void MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaign/bulk", EnqueueAsync);
        app.MapGet("/campaign/outbox", ProgressAsync);
    }

    /// <summary>EnqueueAsync inserts a batch through <see cref="BulkOutbox"/> unless its group already has rows.</summary>
    /// <remarks>
    /// A batch is resent when its answer was lost to a kill. BulkOutbox inserts a batch in one write, so its group holds
    /// all of the batch or none of it; rows found mean the first request was stored, and nothing is enqueued again.
    /// </remarks>
    private static async Task<IResult> EnqueueAsync(BulkRequest request, BulkOutbox outbox, ILoggerFactory loggers, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Batch) || request.Batch.Length > 64)
            return Results.Problem(detail: "\"batch\" must be 1 to 64 characters.", statusCode: 400);
        if (request.Chats is not { Count: > 0 and <= MaxBatch } chats || chats.Any(c => c <= 0))
            return Results.Problem(detail: $"\"chats\" must hold 1 to {MaxBatch} positive chat ids.", statusCode: 400);
        if (string.IsNullOrWhiteSpace(request.Text))
            return Results.Problem(detail: "\"text\" must not be empty.", statusCode: 400);

        try
        {
            var existing = (await outbox.CountsAsync(request.Batch)).Values.Sum();
            if (existing > 0) return Results.Ok(new BulkResponse(request.Batch, 0, existing));
            var messages = chats.Select(chat => new OutboxMessage
            {
                Channel = BulkChannel,
                Urn = BulkChannel + ":" + chat,
                Text = TextFor(request.Text, chat),
                GroupId = request.Batch,
            }).ToList();
            var inserted = await outbox.EnqueueBulkAsync(messages, ct);
            return Results.Ok(new BulkResponse(request.Batch, inserted.Count, 0));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Not the caller's fault: nothing was stored, so the batch may be sent again.
            loggers.CreateLogger(typeof(CampaignEndpoints)).LogError("Enqueueing bulk batch {Batch} failed ({Error})", request.Batch, ex.GetType().Name);
            return Results.Problem(detail: "The batch could not be stored; send it again.", statusCode: 503);
        }
    }

    /// <summary>TextFor makes each message of a batch unique, so the provider can tell a duplicate from a new message (and the loop guard sees no repeats).</summary>
    public static string TextFor(string text, long chat) => $"{text} #{chat}";

    /// <summary>ProgressAsync returns how many outbox messages still wait (queued, possibly for a retry) or are in flight.</summary>
    private static async Task<IResult> ProgressAsync(StorageWriter writer) =>
        Results.Ok(await writer.ReadAsync(store => new ProgressResponse(
            store.Outbox.Count(m => m.Status == OutboxStatus.Queued),
            store.Outbox.Count(m => m.Status == OutboxStatus.Sending))));
}

/// <summary>BulkRequest: one bulk batch: its group id, the chats it goes to, and the text (each chat's copy is made unique).</summary>
public sealed record BulkRequest(
    [property: JsonPropertyName("batch")] string? Batch,
    [property: JsonPropertyName("chats")] List<long>? Chats,
    [property: JsonPropertyName("text")] string? Text);

/// <summary>BulkResponse: rows inserted now, or found from an earlier request of the same batch.</summary>
public sealed record BulkResponse(
    [property: JsonPropertyName("batch")] string Batch,
    [property: JsonPropertyName("inserted")] int Inserted,
    [property: JsonPropertyName("existing")] int Existing);

/// <summary>ProgressResponse: outbox messages not yet settled.</summary>
public sealed record ProgressResponse(
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("sending")] int Sending);

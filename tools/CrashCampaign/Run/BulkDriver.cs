using System.Collections.Concurrent;
using System.Net.Http.Json;
using OutreachBot.CrashCampaign.Serve;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>BulkDriver: a producer of bulk work: batches to the fake Telegram chats, each resent under its own id until answered, whenever the outbox runs low.</summary>
public sealed class BulkDriver(ServiceClient client, HttpClient http, ServiceGate gate, CampaignOptions options)
{
    /// <summary>The text every batch starts with; the endpoint adds the chat, so each message is unique.</summary>
    public const string Text = "تذكير: لقاء المتطوعين يوم الجمعة الساعة ١٠ صباحًا";

    private readonly ConcurrentDictionary<string, IReadOnlyList<long>> _batches = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<string> _partial = new();
    private int _resentFoundStored;

    /// <summary>Acknowledged batches: id and chats.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> Batches => _batches;

    /// <summary>Batches whose resend found the first request stored (its answer had been lost to a kill).</summary>
    public int ResentFoundStored => Volatile.Read(ref _resentFoundStored);

    /// <summary>Unexpected answers (neither 200 nor 503).</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Batches answered with fewer rows than chats (a resend that found part of its batch stored).</summary>
    public IReadOnlyCollection<string> Partial => _partial;

    /// <summary>TextOf is the batch's text.</summary>
    public static string TextOf(string batch) => $"{Text} ({batch})";

    /// <summary>RunAsync enqueues a batch each time fewer than two batches' worth of messages wait, until <paramref name="stopNew"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopNew)
    {
        for (var n = 0; !stopNew.IsCancellationRequested;)
        {
            if (await PendingAsync() is not { } pending || pending >= 2 * options.BatchSize)
            {
                try { await Task.Delay(100, stopNew); }
                catch (OperationCanceledException) { }
                continue;
            }
            var batch = "b" + n;
            var chats = Enumerable.Range(0, options.BatchSize).Select(i => 1L + (n * (long)options.BatchSize + i) % options.Chats).ToList();
            try
            {
                var answer = await client.PostAsync<BulkResponse>("campaign/bulk", new BulkRequest(batch, chats, TextOf(batch)));
                if (answer.Existing > 0) Interlocked.Increment(ref _resentFoundStored);
                if (answer.Inserted + answer.Existing != chats.Count)
                    _partial.Enqueue($"{batch}: answered {answer.Inserted} inserted, {answer.Existing} found, of {chats.Count}");
                _batches[batch] = chats;
            }
            catch (UnexpectedAnswerException ex)
            {
                _failures.Enqueue($"{batch}: {ex.Message}");
            }
            n++;
        }
    }

    /// <summary>PendingAsync reads how many outbox messages are not yet settled; null while the service is down.</summary>
    public async Task<int?> PendingAsync()
    {
        var life = await gate.WhenUpAsync();
        try
        {
            var progress = await http.GetFromJsonAsync<ProgressResponse>(new Uri(life.BaseAddress, "campaign/outbox"));
            return progress is null ? null : progress.Queued + progress.Sending;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

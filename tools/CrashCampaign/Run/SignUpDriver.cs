using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using OutreachBot.Bench.Pipeline;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>SignUpDriver: simulated contacts going through the whole Arabic sign-up on the simulator API, each message with its own id, one after another.</summary>
/// <remarks>
/// A contact's next message goes only after the previous one was answered 200, which is after it was durable; a message
/// cut off by a kill is sent again with the same id until answered. New contacts start until the campaign says stop;
/// contacts already started finish.
/// </remarks>
public sealed class SignUpDriver(ServiceClient client, Pacer pacer, int concurrency)
{
    private readonly ConcurrentDictionary<string, Acknowledged> _acks = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private int _next = -1;

    /// <summary>Every acknowledged message by id, with the first 200 answer it got.</summary>
    public IReadOnlyDictionary<string, Acknowledged> Acks => _acks;

    /// <summary>Contacts started (each finishes its script unless the service answered something unexpected).</summary>
    public int Contacts => Volatile.Read(ref _next) + 1;

    /// <summary>Unexpected answers, by message.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>UserOf names contact <paramref name="n"/>; IdOf names its message <paramref name="step"/>.</summary>
    public static string UserOf(int n) => "c" + n;
    public static string IdOf(int n, int step) => $"c{n}-{step}";

    /// <summary>RunAsync runs the workers until <paramref name="stopNew"/> fires and the contacts they started are done.</summary>
    public Task RunAsync(CancellationToken stopNew) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => WorkAsync(stopNew))));

    private async Task WorkAsync(CancellationToken stopNew)
    {
        while (!stopNew.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            var script = SignUpScript.For(n);
            for (var step = 0; step < script.Count; step++)
            {
                await pacer.WaitTurnAsync();
                var id = IdOf(n, step);
                SimulatorAnswer answer;
                try
                {
                    answer = await client.PostAsync<SimulatorAnswer>("api/simulator/messages", new { from = UserOf(n), text = script[step], id });
                }
                catch (UnexpectedAnswerException ex)
                {
                    _failures.Enqueue($"{id}: {ex.Message}");
                    break; // the rest of this contact's script would be out of step
                }
                _acks[id] = new Acknowledged(n, step, script[step], answer.ContactId, answer.Duplicate, [.. answer.Replies.Select(r => r.Text)]);
            }
        }
    }

    /// <summary>ResendAllAsync sends every acknowledged message once more; each answer that is not "duplicate" with no replies is returned.</summary>
    public async Task<List<string>> ResendAllAsync()
    {
        var wrong = new ConcurrentQueue<string>();
        var all = new ConcurrentQueue<KeyValuePair<string, Acknowledged>>(_acks);
        // Wider than the sign-ups: a duplicate costs the service one look-up, and many of them share one group commit.
        await Task.WhenAll(Enumerable.Range(0, Math.Max(concurrency, 128)).Select(_ => Task.Run(async () =>
        {
            while (all.TryDequeue(out var entry))
            {
                var (id, ack) = (entry.Key, entry.Value);
                try
                {
                    var answer = await client.PostAsync<SimulatorAnswer>("api/simulator/messages", new { from = UserOf(ack.Contact), text = ack.Text, id });
                    if (!answer.Duplicate || answer.Replies.Count > 0 || answer.ContactId != ack.ContactId)
                        wrong.Enqueue($"{id}: duplicate={answer.Duplicate}, {answer.Replies.Count} replies, contact {answer.ContactId} (first answer: contact {ack.ContactId})");
                }
                catch (UnexpectedAnswerException ex)
                {
                    wrong.Enqueue($"{id}: {ex.Message}");
                }
            }
        })));
        return [.. wrong];
    }
}

/// <summary>Acknowledged: a message the service answered 200: which contact and step, what was sent, and that first answer.</summary>
/// <param name="FirstAnswerDuplicate">The first 200 already said duplicate: an earlier send was stored but its answer lost to a kill.</param>
public sealed record Acknowledged(int Contact, int Step, string Text, long ContactId, bool FirstAnswerDuplicate, IReadOnlyList<string> Replies);

/// <summary>SimulatorAnswer: the simulator API's 200 body.</summary>
public sealed record SimulatorAnswer(
    [property: JsonPropertyName("contactId")] long ContactId,
    [property: JsonPropertyName("duplicate")] bool Duplicate,
    [property: JsonPropertyName("replies")] List<SimulatorAnswerReply> Replies);

/// <summary>SimulatorAnswerReply: one reply in that body.</summary>
public sealed record SimulatorAnswerReply([property: JsonPropertyName("text")] string Text);

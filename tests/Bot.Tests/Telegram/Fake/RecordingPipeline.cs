using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Telegram.Fake;

/// <summary>RecordingPipeline: a stand-in for the core pipeline that stores each inbound in the real LiteDB inbound log, deduping on (channel, provider id).</summary>
/// <remarks>Used to test the adapter through its own seam; <see cref="FailNext"/> simulates a storage failure.</remarks>
internal sealed class RecordingPipeline(StorageWriter writer) : IInboundPipeline
{
    private readonly Lock _gate = new();
    private readonly List<InboundMessage> _handled = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;

    /// <summary>Handled: messages made durable (not counting duplicates), in order.</summary>
    public IReadOnlyList<InboundMessage> Handled { get { lock (_gate) return [.. _handled]; } }

    /// <summary>Duplicates seen so far.</summary>
    public int Duplicates { get; private set; }

    /// <summary>FailNext makes the next <paramref name="count"/> calls throw as if the store were down.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    public async Task<PipelineResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failures) >= 0) throw new IOException("simulated storage failure");
        var key = InboundLogEntry.KeyOf(message.Channel, message.ProviderId);
        var duplicate = await writer.WriteAsync(s =>
        {
            if (s.Inbound.FindById(key) is not null) return true;
            s.Inbound.Insert(new InboundLogEntry
            {
                Id = key, Channel = message.Channel, ProviderId = message.ProviderId, Urn = message.Urn,
                Text = message.Text, Kind = message.Kind.ToString(), ReceivedAt = message.ReceivedAt,
            });
            return false;
        });
        TaskCompletionSource previous;
        lock (_gate)
        {
            if (duplicate) Duplicates++; else _handled.Add(message);
            previous = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
        return new PipelineResult(duplicate, 0, []);
    }

    /// <summary>StoredCountAsync: inbound log entries in the database.</summary>
    public Task<int> StoredCountAsync() => writer.ReadAsync(s => s.Inbound.Count());

    /// <summary>WaitForAsync waits (up to 10 s of real time) until <paramref name="count"/> messages were handled.</summary>
    public async Task WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_handled.Count >= count) return;
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                throw new TimeoutException($"Pipeline handled {Handled.Count} messages, expected {count}");
        }
    }
}

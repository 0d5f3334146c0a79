using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.LiteDb;

namespace OutreachBot.Bot.Tests.Pipeline;

/// <summary>PipelineHarness: the real pipeline on a real LiteDB file, with the engine of the test's choosing.</summary>
internal sealed class PipelineHarness : IDisposable
{
    private readonly TempFolder _folder = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    public LiteStore Store { get; }
    public StorageWriter Writer { get; }
    public MessagePipeline Pipeline { get; }

    public PipelineHarness(IConversationEngine engine)
    {
        Store = new LiteStore(_folder.File("p.db"));
        Writer = new StorageWriter(Store, new StorageOptions(), NullLogger<StorageWriter>.Instance);
        Pipeline = NewPipeline(engine, []);
    }

    /// <summary>NewPipeline: another pipeline on the same store, as a restarted process would have (its contact ids seeded afresh).</summary>
    public MessagePipeline NewPipeline(IConversationEngine engine, IEnumerable<IOutboxSignal> signals) =>
        new(engine, new LiteConversationStore(Writer), signals, Time, NullLogger<MessagePipeline>.Instance);

    /// <summary>Read runs a read on the storage thread and waits for it.</summary>
    public T Read<T>(Func<LiteStore, T> read) => Writer.ReadAsync(read).GetAwaiter().GetResult();

    /// <summary>Message builds a simulator text message.</summary>
    public InboundMessage Message(string user, string text, string? id = null) =>
        new("sim", id ?? Guid.NewGuid().ToString("N"), "sim:" + user, text, InboundKind.Text, ChannelTraits.Simulator, Time.GetUtcNow());

    public void Dispose()
    {
        Writer.Dispose();
        Store.Dispose();
        _folder.Dispose();
    }
}

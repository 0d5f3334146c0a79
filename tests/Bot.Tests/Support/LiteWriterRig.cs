using Microsoft.Extensions.Logging.Abstractions;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>LiteWriterRig: a LiteDB file in a temp folder and its storage thread, for tests that drive the store directly.</summary>
internal sealed class LiteWriterRig : IDisposable
{
    private readonly TempFolder _folder = new();

    public LiteWriterRig()
    {
        Store = new LiteStore(_folder.File("s.db"));
        Writer = new StorageWriter(Store, new StorageOptions(), NullLogger<StorageWriter>.Instance);
    }

    public LiteStore Store { get; }
    public StorageWriter Writer { get; }

    public void Dispose()
    {
        Writer.Dispose();
        Store.Dispose();
        _folder.Dispose();
    }
}

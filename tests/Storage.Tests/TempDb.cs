using Microsoft.Extensions.Logging.Abstractions;

namespace OutreachBot.Storage.Tests;

/// <summary>TempDb: a real LiteDB file in a fresh temp folder, with its writer; reopen to model a restart.</summary>
internal sealed class TempDb : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreachbot-tests", Guid.NewGuid().ToString("N"));

    public string FilePath => Path.Combine(_folder, "test.db");
    public LiteStore Store { get; private set; }
    public StorageWriter Writer { get; private set; }

    public TempDb(int maxBatch = 256)
    {
        _maxBatch = maxBatch;
        (Store, Writer) = Open();
    }

    private readonly int _maxBatch;

    private (LiteStore, StorageWriter) Open()
    {
        var store = new LiteStore(FilePath);
        return (store, new StorageWriter(store, new StorageOptions { MaxBatch = _maxBatch }, NullLogger<StorageWriter>.Instance));
    }

    /// <summary>Outbox: the outbox interface on this file's writer.</summary>
    public IOutboxStore Outbox => new LiteDb.LiteOutboxStore(Writer);

    /// <summary>Read runs a read on the storage thread and waits for it.</summary>
    public T Read<T>(Func<LiteStore, T> read) => Writer.ReadAsync(read).GetAwaiter().GetResult();

    /// <summary>Reopen closes the file and opens it again, as a restart would.</summary>
    public void Reopen()
    {
        Writer.Dispose();
        Store.Dispose();
        (Store, Writer) = Open();
    }

    public void Dispose()
    {
        Writer.Dispose();
        Store.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

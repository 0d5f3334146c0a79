using OutreachBot.Storage.Tests.Support;

namespace OutreachBot.Storage.Tests;

/// <summary>DataFileLockTests: one store per data file; the holder and its URLs can be found; the lock goes with the store.</summary>
public sealed class DataFileLockTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ASecondStoreOnTheSameFileFailsNamingTheFileAndTheProcessHoldingIt()
    {
        var path = _folder.File("one.db");
        using var first = new LiteStore(path);

        var error = Assert.Throws<DataFileInUseException>(() => new LiteStore(path));

        Assert.Contains(Path.GetFullPath(path), error.Message);
        Assert.Contains("process " + Environment.ProcessId, error.Message);
        Assert.Contains(DataFileLock.LockPathOf(path), error.Message);
        Assert.Equal(Environment.ProcessId, error.Pid);
    }

    [Fact]
    public void TheFileIsFreeAgainOnceItsStoreIsClosed()
    {
        var path = _folder.File("two.db");
        new LiteStore(path).Dispose();

        Assert.Null(DataFileLock.FindHolder(path));
        using var again = new LiteStore(path);
        Assert.NotNull(DataFileLock.FindHolder(path));
    }

    [Fact]
    public void FindHolderNamesTheHoldingProcessAndTheUrlsItPublished()
    {
        var path = _folder.File("three.db");
        Assert.Null(DataFileLock.FindHolder(path));
        using var store = new LiteStore(path);
        Assert.Equal(new ServiceInfo(Environment.ProcessId, []), DataFileLock.FindHolder(path), ServiceInfoComparer);

        store.FileLock.Publish(["http://127.0.0.1:5080"]);

        var holder = DataFileLock.FindHolder(path)!;
        Assert.Equal(Environment.ProcessId, holder.Pid);
        Assert.Equal(["http://127.0.0.1:5080"], holder.Urls);
    }

    [Fact]
    public void AServiceFileLeftByACrashedProcessDoesNotMakeTheFileLookHeld()
    {
        var path = _folder.File("four.db");
        File.WriteAllText(DataFileLock.LockPathOf(path), "");
        File.WriteAllText(DataFileLock.ServicePathOf(path), """{"pid": 999999, "urls": ["http://127.0.0.1:1"]}""");

        Assert.Null(DataFileLock.FindHolder(path));
        using var store = new LiteStore(path);
        Assert.Equal(Environment.ProcessId, DataFileLock.FindHolder(path)!.Pid);
    }

    private static readonly IEqualityComparer<ServiceInfo?> ServiceInfoComparer = EqualityComparer<ServiceInfo?>.Create(
        (a, b) => a is not null && b is not null && a.Pid == b.Pid && a.Urls.SequenceEqual(b.Urls));
}

using Microsoft.Extensions.Logging.Abstractions;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Tests.Support;

namespace OutreachBot.Storage.Tests;

/// <summary>CrashFileTests: what a crash leaves on disk (copies of the files taken while the store is open) opens with every acknowledged commit.</summary>
/// <remarks>
/// Every acknowledged commit was fsynced, so a copy holds at least what a power cut would. A kill -9 or a power cut
/// in the middle of a commit leaves its pages half written: the log no longer ends on a page boundary. LiteDB 5.0.21
/// crops such a tail when it opens the log; these tests keep that true for the next LiteDB version and for our changes.
/// </remarks>
public sealed class CrashFileTests : IDisposable
{
    private const int PageSize = 8192;
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static StorageWriter WriterOn(LiteStore store) => new(store, new StorageOptions(), NullLogger<StorageWriter>.Instance);

    private static Task Insert(StorageWriter writer, string id, int size = 1) =>
        writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = id, Value = new string('x', size) }));

    private static long LogLength(string path) => new FileInfo(LogFileSync.LogPathOf(path)) is { Exists: true } log ? log.Length : 0;

    /// <summary>CrashCopy copies the data file and the first <paramref name="logBytes"/> bytes of its log, as a crash would leave them.</summary>
    private string CrashCopy(string path, string name, long? logBytes = null)
    {
        var copy = _folder.File(name);
        File.Copy(path, copy);
        var log = LogFileSync.LogPathOf(path);
        if (!File.Exists(log)) return copy;
        var bytes = File.ReadAllBytes(log);
        File.WriteAllBytes(LogFileSync.LogPathOf(copy), bytes[..(int)(logBytes ?? bytes.Length)]);
        return copy;
    }

    private static List<string> IdsIn(string path)
    {
        using var store = new LiteStore(path);
        return [.. store.ChannelStates.FindAll().Select(c => c.Id).Order()];
    }

    [Theory]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(8191)]
    [InlineData(8193)]
    [InlineData(12000)]
    public async Task ALogEndingInATornPageOpensWithEveryAcknowledgedCommit(int cut)
    {
        var path = _folder.File("torn.db");
        var acknowledged = Enumerable.Range(0, 20).Select(i => "ack" + i.ToString("D2")).ToList();
        string crashed;
        using (var store = new LiteStore(path))
        using (var writer = WriterOn(store))
        {
            foreach (var id in acknowledged) await Insert(writer, id);
            var before = LogLength(path);
            // The commit a crash interrupts: several pages, of which the tail never reached the disk.
            await Insert(writer, "in-flight", size: 40_000);
            var after = LogLength(path);
            Assert.True(after - before > cut + PageSize, $"the last commit wrote only {after - before} bytes");
            crashed = CrashCopy(path, "crashed.db", logBytes: after - cut);
        }
        Assert.NotEqual(0, LogLength(crashed) % PageSize);

        Assert.Equal(acknowledged, IdsIn(crashed));

        // The cropped log keeps working: a commit after the restart survives the next one, and the torn commit stays out.
        using (var store = new LiteStore(crashed))
        using (var writer = WriterOn(store))
            await Insert(writer, "after-restart");
        Assert.Equal([.. acknowledged, "after-restart"], IdsIn(crashed));
    }

    [Fact]
    public async Task ACrashAfterACheckpointLosesNoAcknowledgedCommit()
    {
        var path = _folder.File("checkpointed.db");
        var acknowledged = new List<string>();
        using var store = new LiteStore(path);
        using var writer = WriterOn(store);

        // LiteDB checkpoints once the log passes 1,000 pages: the log is copied into the data file and starts over.
        var longest = 0L;
        for (var i = 0; LogLength(path) >= longest; i++)
        {
            Assert.True(i < 500, "no checkpoint happened");
            longest = LogLength(path);
            acknowledged.Add("big" + i.ToString("D3"));
            await Insert(writer, acknowledged[^1], size: 50_000);
        }
        Assert.Equal(acknowledged.Order(), IdsIn(CrashCopy(path, "right-after.db")));

        // Commits after the checkpoint overwrite the log from its start; a crash then must still lose none.
        for (var i = 0; i < 5; i++)
        {
            acknowledged.Add("small" + i);
            await Insert(writer, acknowledged[^1]);
        }
        Assert.Equal(acknowledged.Order(), IdsIn(CrashCopy(path, "later.db")));
    }
}

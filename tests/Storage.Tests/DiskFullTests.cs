using Microsoft.Extensions.Logging.Abstractions;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Tests.Support;
using Xunit.Abstractions;

namespace OutreachBot.Storage.Tests;

/// <summary>DiskFullTests: when the disk fills up the writer stops, the failing write is not acknowledged, and every acknowledged one is there after the restart.</summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFullDiskStopsTheWriterAndLosesNoAcknowledgedWrite(bool tmpfsWhenAllowed)
    {
        using var disk = TinyDisk.Create(512 * 1024, tmpfsWhenAllowed);
        output.WriteLine("Disk: " + disk.How);
        var acknowledged = new List<string>();
        Exception failure;

        var store = disk.Open("full.db");
        var writer = new StorageWriter(store, new StorageOptions(), NullLogger<StorageWriter>.Instance);
        while (true)
        {
            Assert.True(acknowledged.Count < 1000, "the disk never filled up");
            var id = "m" + acknowledged.Count.ToString("D4");
            try
            {
                await writer.WriteAsync(s => s.ChannelStates.Insert(new ChannelState { Id = id, Value = new string('x', 3000) }));
                acknowledged.Add(id);
            }
            catch (StorageStoppedException stopped)
            {
                failure = stopped.InnerException!;
                break;
            }
        }
        output.WriteLine($"{acknowledged.Count} writes acknowledged before: {failure.Message}");
        Assert.IsAssignableFrom<IOException>(failure);
        Assert.Contains("No space left on device", failure.Message);
        await Assert.ThrowsAsync<StorageStoppedException>(() => writer.ReadAsync(s => s.ChannelStates.Count()));
        writer.Dispose();
        store.Dispose();

        // The restart: a new process (LiteDB may keep a handle of the failed log until this one exits) on a disk with room.
        using var restart = new TestFolder();
        using var reopened = new LiteStore(disk.CopyTo("full.db", restart.Path));
        var stored = reopened.ChannelStates.FindAll().Select(c => c.Id).ToHashSet();
        Assert.Subset(stored, acknowledged.ToHashSet());
    }
}

namespace OutreachBot.Storage.LiteDb;

/// <summary>LiteServiceRecord: the running service is recorded beside the data file it holds (see <see cref="DataFileLock"/>).</summary>
internal sealed class LiteServiceRecord(LiteStore store) : IServiceRecord
{
    public void Publish(IReadOnlyList<string> urls) => store.FileLock.Publish(urls);
}

namespace OutreachBot.Storage.Tests.Support;

/// <summary>TestFolder: a fresh folder under the system temp path for a test's LiteDB files, deleted on dispose.</summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "outreachbot-tests", Guid.NewGuid().ToString("N"));

    public TestFolder() => Directory.CreateDirectory(Path);

    /// <summary>File returns a path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>OneProcessPerDataFileTests: a second service on a data file in use fails at start with a clear message; the first is untouched.</summary>
public sealed class OneProcessPerDataFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ASecondServiceOnTheSameDataFileFailsAtStartNamingTheFileAndThePidHoldingIt()
    {
        var dataPath = _folder.File("data/outreach.db");
        var (first, address) = await BotProcess.StartServiceAsync(_folder.Path, dataPath);
        await using (first)
        {
            await using var second = BotProcess.Start(_folder.Path, "--Storage:Path=" + dataPath, "--Urls=http://127.0.0.1:0");

            Assert.Equal(ServiceExit.StartFailed, await second.ExitCodeAsync());
            Assert.Contains($"Storage:Path {dataPath} is in use by process {first.Id}", second.Errors);
            using var http = new HttpClient { BaseAddress = address };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/simulator/messages/nobody")).StatusCode);
            Assert.Equal(first.Id, DataFileLock.FindHolder(dataPath)!.Pid);
        }
    }

    [Fact]
    public async Task ASecondHostInOneProcessFailsAtStartToo()
    {
        var dataPath = _folder.File("shared.db");
        using var first = Build(dataPath);
        await first.StartAsync();
        using var second = Build(dataPath);

        var error = await Assert.ThrowsAsync<DataFileInUseException>(() => second.StartAsync());

        Assert.Contains(Path.GetFullPath(dataPath), error.Message);
        Assert.Contains("process " + Environment.ProcessId, error.Message);
        await first.StopAsync();
    }

    private static IHost Build(string dataPath)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = dataPath });
        builder.AddOutreachBot();
        return builder.Build();
    }
}

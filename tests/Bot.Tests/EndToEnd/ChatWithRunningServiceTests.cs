using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>ChatWithRunningServiceTests: <c>chat</c> on a data file a service holds talks to that service over HTTP and never opens the file.</summary>
public sealed class ChatWithRunningServiceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TheChatTalksToTheRunningServiceOverItsSimulatorApi()
    {
        var dataPath = _folder.File("data/outreach.db");
        var (service, address) = await BotProcess.StartServiceAsync(_folder.Path, dataPath);
        await using (service)
        {
            await using var chat = BotProcess.Start(_folder.Path, "chat", "amal", "--Storage:Path=" + dataPath);
            await chat.Input.WriteLineAsync("انضم");
            chat.Input.Close();

            Assert.True(await chat.ExitCodeAsync() == 0, chat.Output + chat.Errors);
            Assert.Contains($"[sim:amal] talking to the service on {dataPath} (process {service.Id}, {address})", chat.Output);
            Assert.Contains("< ", chat.Output); // the service's replies
            using var http = new HttpClient { BaseAddress = address };
            await Eventually.TrueAsync(async () =>
                (await http.GetFromJsonAsync<List<object>>("/api/simulator/messages/amal"))!.Count > 0, "the service sent amal its replies");
        }
    }

    [Fact]
    public async Task TheChatSaysPlainlyWhenTheServiceHoldingTheFileHasItsSimulatorOff()
    {
        var dataPath = _folder.File("data/outreach.db");
        using var held = DataFileLock.Acquire(dataPath);
        // A service with its simulator off: its simulator endpoints answer 404.
        var builder = LoopbackApp.CreateBuilder();
        await using var app = builder.Build();
        app.Run(context => { context.Response.StatusCode = StatusCodes.Status404NotFound; return Task.CompletedTask; });
        await app.StartAsync();
        held.Publish([LoopbackApp.AddressOf(app)]);

        await using var chat = BotProcess.Start(_folder.Path, "chat", "amal", "--Storage:Path=" + dataPath);
        await chat.Input.WriteLineAsync("انضم");
        chat.Input.Close();

        Assert.Equal(1, await chat.ExitCodeAsync());
        Assert.Contains($"The simulator is off in the service on {dataPath} (process {Environment.ProcessId}", chat.Output);
        Assert.False(File.Exists(dataPath), "the chat opened the data file itself");
    }
}

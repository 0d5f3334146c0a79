using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Pipeline;
using OutreachBot.Flows.Engine;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>ScriptedHostTest: a test class's own real host, on a fresh LiteDB file, with the echoing ScriptedEngine as its flow.</summary>
public abstract class ScriptedHostTest : IDisposable
{
    private readonly TempFolder _folder = new();

    protected BotHostFactory Host { get; }
    protected HttpClient Client { get; }

    protected ScriptedHostTest()
    {
        Host = new BotHostFactory(_folder.File("host.db"))
        {
            ConfigureServices = s => s.AddSingleton<IConversationEngine, ScriptedEngine>(),
        };
        Client = Host.CreateClient();
    }

    public void Dispose()
    {
        Client.Dispose();
        Host.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

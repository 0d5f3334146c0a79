using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Channels.Simulator;

/// <summary>ChatConsole: <c>dotnet run --project src/Bot -- chat [user]</c>, a terminal chat with the bot as one simulated user.</summary>
public static class ChatConsole
{
    /// <summary>RunAsync reads lines from standard input and prints the bot's replies until end of input.</summary>
    public static async Task RunAsync(string[] args)
    {
        var user = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "console";
        var builder = Host.CreateApplicationBuilder(args.Where(a => a.StartsWith('-')).ToArray());
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        builder.AddOutreachBot();
        using var host = builder.Build();
        await host.StartAsync();

        var pipeline = host.Services.GetRequiredService<IInboundPipeline>();
        var time = host.Services.GetRequiredService<TimeProvider>();
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        Console.InputEncoding = System.Text.Encoding.UTF8;
        Console.WriteLine($"[{SimulatorChannel.UrnOf(user)}] (Ctrl+D to quit)");

        while (Console.ReadLine() is { } line)
        {
            var message = new InboundMessage(SimulatorChannel.Name, Guid.NewGuid().ToString("N"), SimulatorChannel.UrnOf(user),
                line, InboundKind.Text, ChannelTraits.Simulator, time.GetUtcNow());
            var result = await pipeline.HandleAsync(message, CancellationToken.None);
            foreach (var reply in result.Replies)
            {
                Console.WriteLine("< " + reply.Text.Replace("\n", "\n  "));
                if (reply.ChoiceList.Count > 0) Console.WriteLine("  [" + string.Join("] [", reply.ChoiceList) + "]");
            }
        }
        await host.StopAsync();
    }
}

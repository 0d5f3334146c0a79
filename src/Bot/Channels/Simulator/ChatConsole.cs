using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Channels.Simulator;

/// <summary>ChatConsole: <c>dotnet run --project src/Bot -- chat [user]</c>, a terminal chat with the bot as one simulated user.</summary>
/// <remarks>
/// One process per data file: when a running service holds the file (its lock, see <see cref="DataFileLock"/>), the chat
/// talks to that service over its simulator API (<see cref="RemoteChat"/>); only when no process holds it does the chat
/// open the file itself.
/// </remarks>
public static class ChatConsole
{
    /// <summary>RunAsync reads lines from standard input and prints the bot's replies until end of input; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var user = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "console";
        var builder = Host.CreateApplicationBuilder(args.Where(a => a.StartsWith('-')).ToArray());
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        Console.InputEncoding = System.Text.Encoding.UTF8;

        var dataPath = builder.Configuration["Storage:Path"] is { Length: > 0 } configured ? configured : new StorageOptions().Path;
        if (DataFileLock.FindHolder(dataPath) is { } holder)
            return await RemoteChat.RunAsync(holder, Path.GetFullPath(dataPath), user, Console.In, Console.Out);

        builder.AddOutreachBot();
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (DataFileInUseException ex)
        {
            Console.Error.WriteLine(ex.Message); // a service started on the file since we looked
            return ServiceExit.StartFailed;
        }
        var code = await ChatLocallyAsync(host.Services, user);
        await host.StopAsync();
        return code;
    }

    private static async Task<int> ChatLocallyAsync(IServiceProvider services, string user)
    {
        var pipeline = services.GetRequiredService<IInboundPipeline>();
        var time = services.GetRequiredService<TimeProvider>();
        Console.WriteLine($"[{SimulatorChannel.UrnOf(user)}] (Ctrl+D to quit)");

        while (Console.ReadLine() is { } line)
        {
            var message = new InboundMessage(SimulatorChannel.Name, Guid.NewGuid().ToString("N"), SimulatorChannel.UrnOf(user),
                line, InboundKind.Text, ChannelTraits.Simulator, time.GetUtcNow());
            PipelineResult result;
            try
            {
                result = await pipeline.HandleAsync(message, CancellationToken.None);
            }
            catch (StorageStoppedException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return ServiceExit.StorageFailed;
            }
            Print(Console.Out, result.Replies.Select(r => (r.Text, (IReadOnlyList<string>)r.ChoiceList)));
        }
        return 0;
    }

    /// <summary>Print writes replies as the chat shows them: "&lt; text", then the choices in brackets.</summary>
    internal static void Print(TextWriter output, IEnumerable<(string Text, IReadOnlyList<string> Choices)> replies)
    {
        foreach (var (text, choices) in replies)
        {
            output.WriteLine("< " + text.Replace("\n", "\n  "));
            if (choices.Count > 0) output.WriteLine("  [" + string.Join("] [", choices) + "]");
        }
    }
}

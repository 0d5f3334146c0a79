using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Hosting;

if (args.FirstOrDefault() == "chat")
{
    await ChatConsole.RunAsync(args[1..]);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddOutreachBot();
var app = builder.Build();
app.MapOutreachBot();
app.Run();

/// <summary>Program: the entry point; public so functional tests can host it.</summary>
public partial class Program;

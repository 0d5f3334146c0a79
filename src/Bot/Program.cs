using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Hosting;

if (args.FirstOrDefault() == "chat")
{
    return await ChatConsole.RunAsync(args[1..]);
}
if (args.FirstOrDefault() == "migrate")
{
    return await MigrateCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddOutreachBot();
var app = builder.Build();
app.MapOutreachBot();
return await app.RunOutreachBotAsync();

/// <summary>Program: the entry point; public so functional tests can host it.</summary>
public partial class Program;

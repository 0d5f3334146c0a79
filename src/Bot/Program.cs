using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Content;
using OutreachBot.Bot.Hosting;

if (args.FirstOrDefault() == "chat")
{
    return await ChatConsole.RunAsync(args[1..]);
}
if (args.FirstOrDefault() == "migrate")
{
    return await MigrateCommand.RunAsync(args[1..]);
}
if (args.FirstOrDefault() == "check-content")
{
    return await CheckContentCommand.RunAsync(args[1..], Console.Out, Console.Error);
}
if (args.FirstOrDefault() == "copy-store")
{
    return await CopyStoreCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddOutreachBot();
var app = builder.Build();
app.MapOutreachBot();
return await app.RunOutreachBotAsync();

/// <summary>Program: the entry point; public so functional tests can host it.</summary>
public partial class Program;

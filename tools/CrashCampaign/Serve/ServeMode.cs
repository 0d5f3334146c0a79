using OutreachBot.Bot.Hosting;

namespace OutreachBot.CrashCampaign.Serve;

/// <summary>ServeMode: the service under test: the real wiring of <c>Program</c> plus the campaign's bulk and progress endpoints.</summary>
/// <remarks>
/// Configuration comes from the command line (<c>--Storage:Path=...</c>), as for the real service. The host also stops
/// when standard input closes: that is how the campaign asks for a clean stop, and a campaign that dies takes its
/// child with it instead of leaving it holding the data file.
/// </remarks>
public static class ServeMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddOutreachBot();
        var app = builder.Build();
        app.MapOutreachBot();
        app.MapCampaignEndpoints();

        var stdin = new Thread(() =>
        {
            // Blocks until end of input; a dedicated thread so no pool thread is held for the host's lifetime.
            try { Console.In.ReadToEnd(); }
            catch (IOException) { }
            app.Lifetime.StopApplication();
        }) { IsBackground = true, Name = "stdin-watch" };
        stdin.Start();

        await app.RunAsync();
        return 0;
    }
}

using OutreachBot.CrashCampaign.Run;
using OutreachBot.CrashCampaign.Serve;

// "serve" is the service under test (started by the campaign as a child process); anything else runs the campaign.
return args.FirstOrDefault() switch
{
    "serve" => await ServeMode.RunAsync(args[1..]),
    "run" => await CampaignCommand.RunAsync(args[1..]),
    _ => await CampaignCommand.RunAsync(args),
};

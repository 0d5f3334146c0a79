namespace OutreachBot.CrashCampaign.Run;

/// <summary>CampaignCommand: the command line of the campaign; exit code 0 only when every check passed.</summary>
public static class CampaignCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        CampaignOptions options;
        try
        {
            options = CampaignOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(CampaignOptions.Usage);
            return 2;
        }
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        var result = await new Campaign(options, Console.Out).RunAsync();
        if (!result.Passed) Console.WriteLine($"data file and service log kept in {result.Folder}");
        return result.Passed ? 0 : 1;
    }
}

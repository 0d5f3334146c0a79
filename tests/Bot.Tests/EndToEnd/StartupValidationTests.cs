using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>Bad configuration stops the host at start with a message that names the setting.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Flows:SessionIdleTimeout", "-01:00:00", "Flows:SessionIdleTimeout")]
    [InlineData("Storage:MaxBatch", "0", "Storage:MaxBatch")]
    public void AnInvalidSettingFailsTheStartNamingIt(string key, string value, string named)
    {
        using var host = new BotHostFactory(_folder.File("v.db"));
        host.Settings[key] = value;
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains(named, error.ToString());
    }
}

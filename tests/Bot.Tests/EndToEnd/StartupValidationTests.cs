using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>Bad configuration stops the host at start with a message that names the setting.</summary>
/// <remarks>A bare host of the same wiring: WebApplicationFactory sometimes reports a failed start as a disposed provider, hiding the message.</remarks>
public sealed class StartupValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Flows:SessionIdleTimeout", "-01:00:00")]
    [InlineData("Flows:ConsentTextVersion", " ")]
    [InlineData("Storage:MaxBatch", "0")]
    [InlineData("Storage:Path", " ")]
    public async Task AnInvalidSettingFailsTheStartNamingIt(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = _folder.File("v.db"),
            [key] = value,
        });
        builder.AddOutreachBot();
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public async Task TheDefaultsStartWithNoCredentials()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = _folder.File("d.db") });
        builder.AddOutreachBot();
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }
}

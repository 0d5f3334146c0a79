using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>LoopbackApp: the Kestrel app behind each fake provider, on a free port of 127.0.0.1 and silent.</summary>
public static class LoopbackApp
{
    /// <summary>CreateBuilder returns a slim builder bound to 127.0.0.1 on a port the system picks.</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>AddressOf returns the base address a started app listens on.</summary>
    public static string AddressOf(WebApplication app) =>
        AddressesOf(app)[0];

    /// <summary>AddressesOf returns every base address a started app listens on.</summary>
    public static IReadOnlyList<string> AddressesOf(WebApplication app) =>
        [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>ClientAddress: gives in-process test requests a client address, which the TestServer leaves null.</summary>
/// <remarks>
/// <see cref="AddTo"/> registers a startup filter whose middleware runs before the host's own (the rate limiter, the
/// /metrics filter) and sets <c>Connection.RemoteIpAddress</c> from the <see cref="Header"/> of the request, if any.
/// </remarks>
public static class ClientAddress
{
    public const string Header = "X-Test-Client-Address";

    /// <summary>AddTo makes the host read each request's client address from <see cref="Header"/>.</summary>
    public static void AddTo(IServiceCollection services) => services.AddSingleton<IStartupFilter, Filter>();

    /// <summary>From marks <paramref name="request"/> as sent from <paramref name="address"/>.</summary>
    public static HttpRequestMessage From(this HttpRequestMessage request, string address)
    {
        request.Headers.Add(Header, address);
        return request;
    }

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(Header, out var address)) http.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

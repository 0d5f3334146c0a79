using System.Net;

namespace OutreachBot.Bot.Content;

/// <summary>ContentEndpoints: <c>POST /admin/content/reload</c>, from the machine itself only: reads the content folder again and says what loaded.</summary>
/// <remarks>
/// Loopback only, like a local admin socket: staff on the server run <c>curl -X POST localhost:5080/admin/content/reload</c>;
/// anyone else gets 403. Reloading is harmless but costs a folder read, so it is not left open to the internet.
/// </remarks>
public static class ContentEndpoints
{
    public static IEndpointRouteBuilder MapContentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/content/reload", (HttpContext http, ContentReloader reloader) =>
        {
            if (!IsLocal(http.Connection.RemoteIpAddress)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            var catalog = reloader.Reload();
            return Results.Text(ContentReport.Text(catalog, reloader.Problem), statusCode: catalog.Invalid.Count == 0 && reloader.Problem is null ? 200 : 422);
        });
        return app;
    }

    // The in-process test server gives no address; every real socket does.
    private static bool IsLocal(IPAddress? client) => client is null || IPAddress.IsLoopback(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);
}

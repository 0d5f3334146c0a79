using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OutreachBot.Bot.Hosting;

/// <summary>MetricsOptions: who may read <c>/metrics</c> (configuration section "Metrics"); both empty leaves it open.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Client networks allowed, as CIDR ("10.0.0.0/8") or single addresses; empty allows every address.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>When set, a scrape must send <c>Authorization: Bearer &lt;token&gt;</c>; never logged.</summary>
    public string? BearerToken { get; set; }

    /// <summary>TryParseNetwork reads "10.0.0.0/8" or "192.0.2.7" (a single address).</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out network)) return true;
        if (!IPAddress.TryParse(text, out var address)) return false;
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}

/// <summary>MetricsAccessFilter: <c>/metrics</c> answers 403 outside Metrics:AllowedNetworks and 401 without Metrics:BearerToken, when they are set.</summary>
/// <remarks>When both are set, both must pass. The token is compared in constant time.</remarks>
internal sealed class MetricsAccessFilter(IOptions<MetricsOptions> options) : IEndpointFilter
{
    private readonly IPNetwork[] _networks = [.. options.Value.AllowedNetworks.Select(n => MetricsOptions.TryParseNetwork(n, out var network) ? network : default)];
    private readonly byte[]? _token = string.IsNullOrEmpty(options.Value.BearerToken) ? null : Encoding.UTF8.GetBytes(options.Value.BearerToken);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_networks.Length > 0 && !Allowed(http.Connection.RemoteIpAddress))
            return ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status403Forbidden));
        if (_token is not null && !TokenMatches(http.Request.Headers.Authorization.ToString()))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status401Unauthorized));
        }
        return next(context);
    }

    private bool Allowed(IPAddress? client)
    {
        if (client is null) return false;
        if (client.IsIPv4MappedToIPv6) client = client.MapToIPv4();
        return _networks.Any(n => n.Contains(client));
    }

    private bool TokenMatches(string authorization)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()), _token);
    }
}

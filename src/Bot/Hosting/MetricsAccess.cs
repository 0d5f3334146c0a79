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
    /// <remarks>
    /// A network with host bits set ("192.0.2.7/24") is refused: it is either one address or a whole network, and an
    /// allow-list should not guess which (the runtime would silently widen it to the network).
    /// </remarks>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (text.Contains('/'))
            return IPNetwork.TryParse(text, out network) && IPAddress.TryParse(text[..text.IndexOf('/')], out var written) && written.Equals(network.BaseAddress);
        if (!IPAddress.TryParse(text, out var address))
        {
            network = default;
            return false;
        }
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}

/// <summary>MetricsOptionsValidator: every Metrics:AllowedNetworks entry must parse; the start fails naming the ones that do not.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var bad = options.AllowedNetworks.Where(n => !MetricsOptions.TryParseNetwork(n, out _)).Select(n => $"\"{n}\"").ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Metrics:AllowedNetworks must list networks such as 10.0.0.0/8 or single addresses such as 192.0.2.7, not {string.Join(", ", bad)}.");
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

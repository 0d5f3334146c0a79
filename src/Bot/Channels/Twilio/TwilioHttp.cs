using System.Net;
using TwilioHttpClient = Twilio.Http.HttpClient;
using TwilioRequest = Twilio.Http.Request;
using TwilioResponse = Twilio.Http.Response;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>ApiHostRewriter sends the library's requests to <see cref="TwilioOptions.ApiBaseUrl"/> instead of api.twilio.com.</summary>
/// <remarks>Twilio's .NET library builds absolute URLs on its own domains and has no base-URL setting, so the host is swapped here.</remarks>
public sealed class ApiHostRewriter(Uri apiBase)
    : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) // follow DNS changes of a long-lived client
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            var basePath = apiBase.AbsolutePath.TrimEnd('/');
            request.RequestUri = new UriBuilder(uri)
            {
                Scheme = apiBase.Scheme,
                Host = apiBase.Host,
                Port = apiBase.Port,
                Path = basePath + uri.AbsolutePath,
            }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>ResponseProbe: the HTTP status and Retry-After of the last REST answer within one send.</summary>
public sealed class ResponseProbe
{
    public HttpStatusCode? Status { get; set; }
    public TimeSpan? RetryAfter { get; set; }
}

/// <summary>ProbingTwilioHttpClient: the library's HTTP client, noting each answer's status and Retry-After for the current send.</summary>
/// <remarks>
/// The library throws an ApiException that drops the headers, and for a non-JSON error body (a proxy's 429 or 503 page)
/// even the status; the sender installs a <see cref="ResponseProbe"/> per call so the error can still be mapped.
/// </remarks>
public sealed class ProbingTwilioHttpClient(System.Net.Http.HttpClient http, TimeProvider time) : TwilioHttpClient
{
    private readonly global::Twilio.Http.SystemNetHttpClient _inner = new(http);
    private readonly AsyncLocal<ResponseProbe?> _probe = new();

    /// <summary>Probe starts recording answers for the current async flow and returns the record.</summary>
    public ResponseProbe Probe() => _probe.Value = new ResponseProbe();

    public override TwilioResponse MakeRequest(TwilioRequest request) => Note(_inner.MakeRequest(request));

    public override async Task<TwilioResponse> MakeRequestAsync(TwilioRequest request) =>
        Note(await _inner.MakeRequestAsync(request).ConfigureAwait(false));

    private TwilioResponse Note(TwilioResponse response)
    {
        if (_probe.Value is { } probe)
        {
            probe.Status = response.StatusCode;
            probe.RetryAfter = RetryAfterOf(response.Headers?.RetryAfter);
        }
        return response;
    }

    private TimeSpan? RetryAfterOf(System.Net.Http.Headers.RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}

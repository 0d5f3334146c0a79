namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioApiHandler: sends the library's requests to <see cref="TwilioOptions.ApiBaseUrl"/> and notes what the answer's headers said.</summary>
/// <remarks>
/// Twilio's library has no base-URL setting (it always builds https://api.twilio.com/…), so this handler rewrites scheme,
/// host and port (and prefixes any path of ApiBaseUrl). The library's ApiException carries neither the HTTP status of a
/// non-JSON answer nor the Retry-After header, so the handler records both in the current <see cref="TwilioCallRecord"/>
/// of <see cref="TwilioCallContext"/>, which the sender opened and the error mapper reads.
/// </remarks>
internal sealed class TwilioApiHandler(Uri apiBase, TwilioCallContext calls, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } original)
        {
            var prefix = apiBase.AbsolutePath.TrimEnd('/');
            request.RequestUri = new UriBuilder(original)
            {
                Scheme = apiBase.Scheme,
                Host = apiBase.Host,
                Port = apiBase.Port,
                Path = prefix + original.AbsolutePath,
            }.Uri;
        }
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (calls.Current is { } record)
        {
            record.StatusCode = (int)response.StatusCode;
            record.RetryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - time.GetUtcNow(),
                _ => null,
            };
        }
        return response;
    }
}

/// <summary>TwilioCallContext: the <see cref="TwilioCallRecord"/> of the send running in the current async flow.</summary>
/// <remarks>An AsyncLocal, because the library builds the HTTP request itself and gives us no way to tag it.</remarks>
internal sealed class TwilioCallContext
{
    private readonly AsyncLocal<TwilioCallRecord?> _current = new();

    public TwilioCallRecord? Current => _current.Value;

    /// <summary>Begin starts recording the HTTP answers of the calls made from here on in this async flow.</summary>
    public TwilioCallRecord Begin() => _current.Value = new TwilioCallRecord();
}

/// <summary>TwilioCallRecord: HTTP facts of the last REST answer in one send, which the library's exceptions lose.</summary>
internal sealed class TwilioCallRecord
{
    public int? StatusCode { get; set; }
    public TimeSpan? RetryAfter { get; set; }
}

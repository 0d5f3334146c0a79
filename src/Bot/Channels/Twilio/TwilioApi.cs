using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioApi: one TwilioRestClient instance (never the static TwilioClient.Init) over an HTTP client that can reach any Twilio-compatible API.</summary>
public sealed class TwilioApi : IDisposable
{
    private readonly System.Net.Http.HttpClient? _http;
    private readonly ProbingTwilioHttpClient? _twilioHttp;
    private readonly TwilioRestClient? _client;
    private readonly TimeSpan _defaultRetryAfter;

    public TwilioApi(IOptions<TwilioOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _defaultRetryAfter = o.DefaultRetryAfter;
        if (!o.IsConfigured) return;
        _http = new System.Net.Http.HttpClient(new ApiHostRewriter(new Uri(o.ApiBaseUrl)), disposeHandler: true)
        {
            Timeout = o.RequestTimeout,
        };
        _twilioHttp = new ProbingTwilioHttpClient(_http, time);
        _client = new TwilioRestClient(o.AccountSid, o.AuthToken, httpClient: _twilioHttp);
    }

    /// <summary>CreateMessageAsync posts one message and maps the answer; it never throws for a provider or network error.</summary>
    public async Task<SendResult> CreateMessageAsync(CreateMessageOptions message)
    {
        if (_client is null || _twilioHttp is null)
            return new SendResult.PermanentFailure("twilio_off", "Twilio:AccountSid and Twilio:AuthToken are not set.");
        var probe = _twilioHttp.Probe();
        try
        {
            var created = await MessageResource.CreateAsync(message, _client).ConfigureAwait(false);
            return new SendResult.Sent(created.Sid);
        }
        catch (Exception ex)
        {
            return TwilioErrors.Map(ex, probe, _defaultRetryAfter);
        }
    }

    public void Dispose() => _http?.Dispose();
}

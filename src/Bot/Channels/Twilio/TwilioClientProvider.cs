using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioClientProvider: the one <see cref="TwilioRestClient"/> of the process, built on our HttpClient; never the static TwilioClient.Init.</summary>
internal sealed class TwilioClientProvider(IOptions<TwilioOptions> options, IHttpClientFactory httpClients)
{
    private TwilioRestClient? _client;

    /// <summary>Client returns the REST client, building it on first use (the channel must be on).</summary>
    public TwilioRestClient Client => LazyInitializer.EnsureInitialized(ref _client, Create);

    private TwilioRestClient Create()
    {
        var o = options.Value;
        if (!o.Enabled) throw new InvalidOperationException("The Twilio channel is off: Twilio:AccountSid and Twilio:AuthToken are not set.");
        var http = new SystemNetHttpClient(httpClients.CreateClient(TwilioChannelExtensions.HttpClientName));
        var sid = o.AccountSid!.Trim();
        return new TwilioRestClient(sid, o.AuthToken!.Trim(), accountSid: sid, region: null, httpClient: http, edge: null)
        {
            // The library prints requests to the console when TWILIO_LOG_LEVEL=debug, bypassing our log redaction.
            LogLevel = null,
        };
    }
}

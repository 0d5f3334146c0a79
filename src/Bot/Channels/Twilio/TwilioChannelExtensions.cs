using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioChannelExtensions: registers the Twilio SMS and WhatsApp channels and maps their webhooks.</summary>
public static class TwilioChannelExtensions
{
    /// <summary>Name of the HttpClient under the Twilio library; its request logging is removed (it would log numbers and our account).</summary>
    public const string HttpClientName = "twilio";

    /// <summary>AddTwilioChannel binds "Twilio", validates it at start-up, and adds one sender for "sms" and one for "whatsapp".</summary>
    /// <remarks>Everything is registered even when unconfigured: the parts check the options when they run. Needs the storage interfaces and IInboundPipeline.</remarks>
    public static IServiceCollection AddTwilioChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient((sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<TwilioOptions>>().Value.SendTimeout)
            .AddHttpMessageHandler(sp => new TwilioApiHandler(
                new Uri(sp.GetRequiredService<IOptions<TwilioOptions>>().Value.ApiBaseUrl),
                sp.GetRequiredService<TwilioCallContext>(),
                sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<TwilioCallContext>();
        services.TryAddSingleton<TwilioClientProvider>();
        services.TryAddSingleton<OutboxStatusRepository>();
        services.AddHostedService<TwilioStatusSweeper>();
        services.AddSingleton<IChannelSender>(sp => ActivatorUtilities.CreateInstance<TwilioSender>(sp, TwilioKind.Sms));
        services.AddSingleton<IChannelSender>(sp => ActivatorUtilities.CreateInstance<TwilioSender>(sp, TwilioKind.WhatsApp));
        return services;
    }

    /// <summary>MapTwilioEndpoints maps the SMS, WhatsApp and status webhooks (404 while the channel is off).</summary>
    public static IEndpointRouteBuilder MapTwilioEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TwilioWebhookEndpoints.SmsPath, (Delegate)TwilioWebhookEndpoints.SmsAsync).ExcludeFromDescription();
        endpoints.MapPost(TwilioWebhookEndpoints.WhatsAppPath, (Delegate)TwilioWebhookEndpoints.WhatsAppAsync).ExcludeFromDescription();
        endpoints.MapPost(TwilioWebhookEndpoints.StatusPath, (Delegate)TwilioStatusEndpoint.HandleAsync).ExcludeFromDescription();
        return endpoints;
    }
}

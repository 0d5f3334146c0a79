using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramChannelExtensions: registers the Telegram channel and maps its webhook.</summary>
public static class TelegramChannelExtensions
{
    /// <summary>Name of the HttpClient the Bot API client uses; its request logging is removed because every URL holds the token.</summary>
    public const string HttpClientName = "telegram";

    /// <summary>AddTelegramChannel binds "Telegram", validates it at start-up, and adds the sender, poller and webhook registrar.</summary>
    /// <remarks>Everything is registered even with no token: the parts check <see cref="TelegramOptions.Enabled"/> when they run,
    /// so configuration added after this call (tests, environment) still decides. Needs IInboundPipeline and the storage interfaces.</remarks>
    public static IServiceCollection AddTelegramChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>().Bind(configuration.GetSection(TelegramOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // HttpClient's default handlers log "Sending HTTP request POST https://…/bot<token>/sendMessage" at Information:
        // removing them keeps the token out of every log; our own log lines name the method only.
        services.AddHttpClient(HttpClientName).RemoveAllLoggers();
        services.TryAddSingleton<ITelegramBotClient>(CreateClient);

        services.TryAddSingleton<TelegramUpdateParser>();
        services.TryAddSingleton<TelegramInboundHandler>();
        services.TryAddSingleton<TelegramOffsetStore>();
        services.AddSingleton<IChannelSender, TelegramSender>();
        services.AddHostedService<TelegramPoller>();
        services.AddHostedService<TelegramWebhookRegistrar>();
        return services;
    }

    /// <summary>MapTelegramEndpoints maps POST /webhooks/telegram (404 unless the channel runs in Webhook mode).</summary>
    public static IEndpointRouteBuilder MapTelegramEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TelegramWebhookEndpoint.Path, TelegramWebhookEndpoint.HandleAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static ITelegramBotClient CreateClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (!options.Enabled) throw new InvalidOperationException("The Telegram channel is off: Telegram:BotToken is not set.");

        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        var clientOptions = new TelegramBotClientOptions(options.BotToken!.Trim(), options.ApiBaseUrl.TrimEnd('/'))
        {
            // No automatic retry on 429: the delivery engine decides, with retry_after, for the whole bucket.
            RetryThreshold = 0,
        };
        return new TelegramBotClient(clientOptions, http);
    }
}

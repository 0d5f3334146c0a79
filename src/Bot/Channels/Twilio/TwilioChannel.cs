using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Channels.Twilio;

/// <summary>TwilioChannel registers the Twilio SMS and WhatsApp channels and maps their webhooks; without credentials both stay off.</summary>
public static class TwilioChannel
{
    public const string SmsName = "sms";
    public const string WhatsAppName = "whatsapp";
    public const string SmsPath = "/webhooks/twilio/sms";
    public const string WhatsAppPath = "/webhooks/twilio/whatsapp";
    public const string StatusPath = "/webhooks/twilio/status";

    /// <summary>NameOf: the channel name of a kind ("sms" or "whatsapp").</summary>
    public static string NameOf(TwilioKind kind) => kind == TwilioKind.Sms ? SmsName : WhatsAppName;

    /// <summary>AddTwilioChannel binds the "Twilio" section and, when credentials are set, registers the senders and webhook handlers.</summary>
    public static IServiceCollection AddTwilioChannel(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Twilio");
        services.AddOptions<TwilioOptions>().Bind(section)
            .Validate(o => !o.IsConfigured || Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out _),
                "Twilio:ApiBaseUrl must be an absolute URL, e.g. https://api.twilio.com.")
            .Validate(o => !o.IsConfigured || o.SmsEnabled || o.WhatsAppEnabled,
                "Twilio needs Twilio:SmsFrom, Twilio:MessagingServiceSid or Twilio:WhatsAppFrom to send anything.")
            .Validate(o => !o.IsConfigured || string.IsNullOrWhiteSpace(o.PublicBaseUrl) || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _),
                "Twilio:PublicBaseUrl must be the absolute URL Twilio calls, e.g. https://bot.example.org.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "Twilio:RequestTimeout must be positive, e.g. 00:00:15.")
            .ValidateOnStart();

        // Without credentials nothing is registered: with no "sms" or "whatsapp" sender the delivery engine leaves
        // such messages queued (instead of failing them) until the channel is configured.
        var options = section.Get<TwilioOptions>() ?? new TwilioOptions();
        if (!options.IsConfigured) return services;

        services.AddSingleton<TwilioApi>();
        services.AddSingleton<TwilioSignature>();
        services.AddSingleton<TwilioStatusUpdater>();
        services.AddSingleton<TwilioWebhooks>();
        services.AddSingleton<InboundWindowRepository>();
        services.AddSingleton<WhatsAppWindow>();
        services.AddHostedService<TwilioStatusSweeper>();
        if (options.SmsEnabled) services.AddSingleton<IChannelSender>(sp => Sender(sp, TwilioKind.Sms));
        if (options.WhatsAppEnabled) services.AddSingleton<IChannelSender>(sp => Sender(sp, TwilioKind.WhatsApp));
        return services;
    }

    /// <summary>MapTwilioEndpoints maps the webhooks of the enabled kinds and the status callback.</summary>
    public static IEndpointRouteBuilder MapTwilioEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<TwilioOptions>>().Value;
        // Settings added after AddTwilioChannel ran cannot turn the channel on half-way.
        if (!options.IsConfigured || app.ServiceProvider.GetService<TwilioWebhooks>() is null) return app;
        if (options.SmsEnabled)
            app.MapPost(SmsPath, (HttpContext http, [FromServices] TwilioWebhooks hooks, CancellationToken ct) => hooks.InboundAsync(http, TwilioKind.Sms, ct));
        if (options.WhatsAppEnabled)
            app.MapPost(WhatsAppPath, (HttpContext http, [FromServices] TwilioWebhooks hooks, CancellationToken ct) => hooks.InboundAsync(http, TwilioKind.WhatsApp, ct));
        app.MapPost(StatusPath, (HttpContext http, [FromServices] TwilioWebhooks hooks, CancellationToken ct) => hooks.StatusAsync(http, ct));
        return app;
    }

    private static TwilioSender Sender(IServiceProvider sp, TwilioKind kind) => new(
        kind,
        sp.GetRequiredService<TwilioApi>(),
        sp.GetRequiredService<IOptions<TwilioOptions>>(),
        sp.GetRequiredService<WhatsAppWindow>(),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<ILogger<TwilioSender>>());
}

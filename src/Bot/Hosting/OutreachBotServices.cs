using Microsoft.Extensions.Options;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Content;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Bot.Delivery;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Pipeline;
using OutreachBot.Flows.Engine;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Hosting;

/// <summary>OutreachBotServices: the one place that wires the service together.</summary>
public static class OutreachBotServices
{
    /// <summary>AddOutreachBot registers storage, the flows, the pipeline and every configured channel.</summary>
    public static IHostApplicationBuilder AddOutreachBot(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be LiteDb or PostgreSql.")
            .Validate(o => o.Provider != StorageProvider.LiteDb || !string.IsNullOrWhiteSpace(o.Path), "Storage:Path must name the LiteDB file, e.g. data/outreach.db.")
            .Validate(o => o.MaxBatch is >= 1 and <= 10_000, "Storage:MaxBatch must be between 1 and 10000.")
            .Validate(o => o.MaxConnections is >= 4 and <= 1000, "Storage:MaxConnections must be between 4 and 1000.")
            .Validate(o => o.Retention >= StorageOptions.MinRetention, "Storage:Retention must be at least 7.00:00:00, so redeliveries still find what they repeat.")
            .ValidateOnStart();
        services.AddOptions<EngineOptions>().BindConfiguration("Flows")
            .Validate(o => o.SessionIdleTimeout > TimeSpan.Zero, "Flows:SessionIdleTimeout must be positive, e.g. 3.00:00:00.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConsentTextVersion), "Flows:ConsentTextVersion must not be empty.")
            .Validate(o => o.VerificationCodeLifetime > TimeSpan.Zero && o.VerificationMaxTries >= 1 && o.VerificationMaxSends >= 1,
                "Flows:VerificationCodeLifetime must be positive and Flows:VerificationMaxTries and VerificationMaxSends at least 1.")
            // A typed number can be proven by an SMS code only when there is an SMS channel to send it.
            .PostConfigure<IOptions<TwilioOptions>>((o, twilio) => o.SmsVerification = twilio.Value.SmsEnabled)
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddOutreachStorage(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp => sp.GetRequiredService<IConfiguration>().GetConnectionString("Outreach"));
        services.AddHostedService<StorageStartup>();
        services.AddHostedService<StorageWatchdog>();
        services.AddHostedService<RetentionPruner>();

        services.AddInboundProtection();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();

        services.AddFlows();
        services.AddSingleton<IInboundPipeline, MessagePipeline>();

        services.AddSimulatorChannel();
        services.AddDelivery(builder.Configuration);
        services.AddTelegramChannel(builder.Configuration);
        services.AddTwilioChannel(builder.Configuration);
        return builder;
    }

    /// <summary>MapOutreachBot maps the HTTP endpoints of the pipeline and the channels.</summary>
    public static WebApplication MapOutreachBot(this WebApplication app)
    {
        app.UseInboundProtection();
        app.MapSimulatorEndpoints();
        app.MapDeliveryEndpoints();
        app.MapResultsEndpoints();
        app.MapContentEndpoints();
        app.MapTelegramEndpoints();
        app.MapTwilioEndpoints();
        return app;
    }
}

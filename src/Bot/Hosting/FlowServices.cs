using Microsoft.Extensions.Options;
using OutreachBot.Bot.Content;
using OutreachBot.Flows.Content;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Bot.Hosting;

/// <summary>FlowServices: registers the quiz and poll content, the shipped flows, the registry built from them, and the engine over it.</summary>
public static class FlowServices
{
    /// <summary>AddFlows: each shipped flow as an <see cref="IFlow"/>; a new flow is one more registration here.</summary>
    public static IServiceCollection AddFlows(this IServiceCollection services)
    {
        services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Content:Path must name the content folder, e.g. content.")
            .Validate(o => o.ReloadDelay >= TimeSpan.Zero && o.ReloadDelay <= TimeSpan.FromMinutes(10), "Content:ReloadDelay must be between 00:00:00 and 00:10:00.")
            .ValidateOnStart();
        // One library for the life of the host: the quiz flows read its snapshot, reloads swap it.
        var content = new ContentLibrary();
        services.AddSingleton(content);
        services.AddSingleton<IContentCatalog>(content);
        services.AddSingleton<ContentReloader>();
        services.AddHostedService<ContentWatcher>();

        foreach (var flow in FlowRegistry.StandardFlows(content)) services.AddSingleton(flow);
        services.AddSingleton(sp => new FlowRegistry(sp.GetServices<IFlow>()));
        services.AddSingleton(sp => new ConversationEngine(sp.GetRequiredService<IOptions<EngineOptions>>().Value, sp.GetRequiredService<FlowRegistry>()));
        services.AddSingleton<IConversationEngine>(sp => sp.GetRequiredService<ConversationEngine>());
        services.AddSingleton<IFlowStarter>(sp => sp.GetRequiredService<ConversationEngine>());
        services.AddHostedService<FlowRegistryCheck>();
        return services;
    }
}

/// <summary>FlowRegistryCheck: builds the registry when the host starts, so flows that clash stop the service at once, not at the first message.</summary>
internal sealed class FlowRegistryCheck(FlowRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry); // built by now: its constructor did the checking
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

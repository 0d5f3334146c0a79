using Microsoft.Extensions.Options;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Bot.Hosting;

/// <summary>FlowServices: registers the shipped flows, the registry built from them, and the engine over it.</summary>
public static class FlowServices
{
    /// <summary>AddFlows: each shipped flow as an <see cref="IFlow"/>; a new flow is one more registration here.</summary>
    public static IServiceCollection AddFlows(this IServiceCollection services)
    {
        foreach (var flow in FlowRegistry.StandardFlows()) services.AddSingleton(flow);
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

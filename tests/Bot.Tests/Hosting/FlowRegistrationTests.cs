using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OutreachBot.Bot.Hosting;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>FlowRegistrationTests: the host builds its registry from every registered <see cref="IFlow"/>, and flows that clash stop it at start.</summary>
public sealed class FlowRegistrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>ClaimingFlow: a flow whose only point is the start word it claims.</summary>
    private sealed class ClaimingFlow(string word) : IFlow
    {
        public string Name => "claiming";
        public IReadOnlyList<string> StartWords => [word];
        public string? DeepLinkName => null;
        public string Summary => "claims a word";
        public string Title(string language) => "claiming";
        public string HelpPhrase(string language) => "";
        public string MenuLabel(Contact contact, string language) => "claiming";
        public void Start(Turn turn, string? args) { }
        public void Handle(Turn turn) { }
        public void Reprompt(Turn turn) { }
        public void LanguageChanged(Turn turn) { }
        public bool OfferResume(Turn turn) => false;
        public bool IsFinished(Turn turn) => true;
    }

    private WebApplication Build(IFlow extra)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = _folder.File("flows.db") });
        builder.Logging.ClearProviders();
        builder.AddOutreachBot();
        builder.Services.AddSingleton(extra);
        return builder.Build();
    }

    [Fact]
    public async Task TwoFlowsClaimingOneWordStopTheHostAtStart()
    {
        await using var app = Build(new ClaimingFlow("انضم"));

        var error = await Assert.ThrowsAsync<FlowRegistryException>(() => app.StartAsync());

        Assert.Contains("'signup' and 'claiming' both claim the start word 'انضم'", error.Message);
    }

    [Fact]
    public async Task EveryRegisteredFlowIsInTheRegistryAndTheEngineStartsIt()
    {
        await using var app = Build(new ClaimingFlow("CLAIM"));

        var registry = app.Services.GetRequiredService<FlowRegistry>();

        Assert.Equal(["signup", "quiz", "poll", "claiming"], registry.Flows.Select(f => f.Name));
        Assert.Same(app.Services.GetRequiredService<IConversationEngine>(), app.Services.GetRequiredService<IFlowStarter>());
    }
}

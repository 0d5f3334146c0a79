using Microsoft.Extensions.Options;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Channels.Simulator;

/// <summary>SimulatorChannel: the embedded local channel: messages arrive over a small HTTP API or the terminal chat.</summary>
public static class SimulatorChannel
{
    /// <summary>Name of the channel in URNs, the inbound log and the outbox.</summary>
    public const string Name = "sim";

    /// <summary>UrnOf returns the URN of a simulated user.</summary>
    public static string UrnOf(string user) => Name + ":" + user;

    /// <summary>AddSimulatorChannel registers the simulator's sender, which always succeeds, and its on/off setting.</summary>
    /// <remarks>The sender is there even when the API is off, so the terminal chat and messages already queued still work.</remarks>
    public static IServiceCollection AddSimulatorChannel(this IServiceCollection services)
    {
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section)
            .PostConfigure<IOptions<TelegramOptions>, IOptions<TwilioOptions>>((o, telegram, twilio) =>
                o.Enabled ??= !telegram.Value.Enabled && !twilio.Value.Enabled);
        services.AddSingleton<SimulatorSender>();
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<SimulatorSender>());
        return services;
    }
}

/// <summary>SimulatorSender "delivers" a message by keeping it, so a local user can read what was sent.</summary>
public sealed class SimulatorSender : IChannelSender
{
    private const int Kept = 1000;
    private readonly Queue<OutboxMessage> _sent = new();

    public string Channel => SimulatorChannel.Name;

    /// <summary>SendAsync keeps the message among the last sent ones.</summary>
    public Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Enqueue(message);
            while (_sent.Count > Kept) _sent.Dequeue();
        }
        return Task.FromResult<SendResult>(new SendResult.Sent("sim-" + message.Id));
    }

    /// <summary>SentTo returns the kept messages sent to <paramref name="urn"/>, oldest first.</summary>
    public IReadOnlyList<OutboxMessage> SentTo(string urn)
    {
        lock (_sent) return [.. _sent.Where(m => m.Urn == urn)];
    }
}

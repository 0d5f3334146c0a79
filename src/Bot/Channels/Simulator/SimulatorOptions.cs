namespace OutreachBot.Bot.Channels.Simulator;

/// <summary>SimulatorOptions: configuration section "Simulator"; the simulator is a development channel.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Whether <c>/api/simulator/*</c> answers; unset, it is on only when neither Telegram nor Twilio is configured.</summary>
    /// <remarks>Anyone reaching the API can write as any simulated user, so a deployment with real channels keeps it off unless asked.</remarks>
    public bool? Enabled { get; set; }
}

namespace OutreachBot.Flows.Model;

/// <summary>FlowOffer: the engine's pending yes/no question: carry on a parked flow, or start a flow another one offered.</summary>
public sealed class FlowOffer
{
    /// <summary>The flow a yes starts or resumes.</summary>
    public string Flow { get; set; } = "";

    /// <summary>For a new start: what the offering flow passed on (a quiz id, say).</summary>
    public string? Args { get; set; }

    /// <summary>True: a yes resumes the parked <see cref="Flow"/>; false: a yes starts it afresh.</summary>
    public bool Resume { get; set; }

    public FlowOffer Clone() => (FlowOffer)MemberwiseClone();
}

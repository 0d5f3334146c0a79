namespace OutreachBot.Flows.Model;

/// <summary>ParkedFlow: a flow set aside, with everything needed to carry on where it stopped.</summary>
public sealed class ParkedFlow
{
    public string Flow { get; set; } = "";
    public string? State { get; set; }
    public Dictionary<string, string> Answers { get; set; } = [];
    public DateTimeOffset ParkedAt { get; set; }

    public ParkedFlow Clone()
    {
        var copy = (ParkedFlow)MemberwiseClone();
        copy.Answers = new Dictionary<string, string>(Answers);
        return copy;
    }
}

namespace OutreachBot.Bench.Pipeline;

/// <summary>Spread: which instance each message of a contact reaches, with several instances.</summary>
public enum Spread
{
    /// <summary>Every instance in turn: message s of contact n to instance (n + s) mod instances; the worst case for locks and caches.</summary>
    Rotate,
    /// <summary>All of a contact's messages to one instance, as a load balancer hashing on the sender would send them.</summary>
    Sticky,
    /// <summary>Each message to an instance picked at random (the same picks every run), as a round-robin load balancer under many senders does.</summary>
    Random,
}

public static class SpreadExtensions
{
    public static Spread Parse(string value) => value switch
    {
        "rotate" => Spread.Rotate,
        "sticky" => Spread.Sticky,
        "random" => Spread.Random,
        _ => throw new ArgumentException($"--spread must be rotate, sticky or random, not {value}"),
    };

    /// <summary>HostOf: the instance that message <paramref name="step"/> of contact <paramref name="contact"/> goes to.</summary>
    public static int HostOf(this Spread spread, int contact, int step, int hosts) => spread switch
    {
        Spread.Sticky => contact % hosts,
        Spread.Random => (int)(Mix((uint)contact * 31u + (uint)step) % (uint)hosts),
        _ => (contact + step) % hosts,
    };

    /// <summary>Mix: a fixed integer hash (the finaliser of MurmurHash3), so the random spread is the same in every run.</summary>
    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x85ebca6b;
        x ^= x >> 13;
        x *= 0xc2b2ae35;
        return x ^ (x >> 16);
    }

    public static string Describe(this Spread spread) => spread switch
    {
        Spread.Sticky => "each contact's messages all to one of them",
        Spread.Random => "each message to one of them at random",
        _ => "each contact's messages spread over them in turn",
    };
}

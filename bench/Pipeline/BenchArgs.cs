namespace OutreachBot.Bench.Pipeline;

/// <summary>BenchArgs reads "--name value" and "--flag" arguments.</summary>
public sealed class BenchArgs(string[] args)
{
    public int Int(string name, int fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    public string String(string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public bool Flag(string name) => args.Contains("--" + name);
}

namespace OutreachBot.Bench.Pipeline;

/// <summary>MachineCpu reads the whole machine's busy time from /proc/stat (Linux), so a run on a shared database server shows whether the cores, not the code, were the limit.</summary>
public static class MachineCpu
{
    /// <summary>Busy: (busy, total) clock ticks since boot, or null where /proc/stat is missing.</summary>
    public static (long Busy, long Total)? Read()
    {
        if (!File.Exists("/proc/stat")) return null;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4]; // idle + iowait
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }

    /// <summary>Describe: the cores busy between two readings, for the output.</summary>
    public static string Describe((long Busy, long Total)? before, (long Busy, long Total)? after)
    {
        if (before is not { } b || after is not { } a || a.Total == b.Total) return "machine CPU: not measured here";
        var share = (double)(a.Busy - b.Busy) / (a.Total - b.Total);
        return $"machine CPU while inbound ran (this process, the database server and anything else): {share * Environment.ProcessorCount:F2} of {Environment.ProcessorCount} cores busy";
    }
}

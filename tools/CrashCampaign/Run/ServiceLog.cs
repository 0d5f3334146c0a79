using System.Globalization;
using System.Text.RegularExpressions;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>ServiceLog: every line the children print, prefixed with the life it came from, in one file of the campaign folder.</summary>
/// <remarks>
/// It also notes the leases each life says it recovered: a life killed during its start may recover leases and die
/// before its metrics can be read, and its log line is then the only account of those possible duplicates.
/// </remarks>
public sealed partial class ServiceLog(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };
    private readonly Dictionary<int, long> _recovered = [];
    private readonly Lock _gate = new();
    private bool _closed;

    public string Path { get; } = path;

    public void Write(int life, string line)
    {
        var recovered = RecoveredLine().Match(line);
        lock (_gate)
        {
            if (recovered.Success)
                _recovered[life] = _recovered.GetValueOrDefault(life) + long.Parse(recovered.Groups[1].Value, CultureInfo.InvariantCulture);
            // A killed child's last lines can arrive after the campaign closed the log; they are dropped.
            if (!_closed) _writer.WriteLine($"[{life:D3}] {line}");
        }
    }

    /// <summary>RecoveredBy: the leases life <paramref name="life"/> logged as recovered (possible duplicates).</summary>
    public long RecoveredBy(int life)
    {
        lock (_gate) return _recovered.GetValueOrDefault(life);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _writer.Dispose();
        }
    }

    [GeneratedRegex(@"Recovered (\d+) messages in flight")]
    private static partial Regex RecoveredLine();
}

namespace OutreachBot.CrashCampaign.Run;

/// <summary>Checks: the campaign's pass/fail checks, each with the examples that broke it.</summary>
public sealed class Checks
{
    private const int ExamplesShown = 5;
    private readonly List<(string Name, List<string> Failures)> _checks = [];

    /// <summary>Add starts a check; add its failures to the list returned (an empty list passes).</summary>
    public List<string> Add(string name)
    {
        var failures = new List<string>();
        _checks.Add((name, failures));
        return failures;
    }

    /// <summary>Add records a check from failures already collected.</summary>
    public void Add(string name, IEnumerable<string> failures) => Add(name).AddRange(failures);

    public bool Passed => _checks.All(c => c.Failures.Count == 0);

    public IReadOnlyList<string> FailedNames => [.. _checks.Where(c => c.Failures.Count > 0).Select(c => c.Name)];

    public void Print(TextWriter output)
    {
        foreach (var (name, failures) in _checks)
        {
            output.WriteLine($"  [{(failures.Count == 0 ? "ok" : "FAILED")}] {name}{(failures.Count == 0 ? "" : $": {failures.Count} failures")}");
            foreach (var failure in failures.Take(ExamplesShown)) output.WriteLine("        " + failure);
        }
    }
}

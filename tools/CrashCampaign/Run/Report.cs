using OutreachBot.Storage.Documents;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>ReportData: everything the figures block shows.</summary>
public sealed record ReportData(
    int Kills, int KillsDuringStart, IReadOnlyList<TimeSpan> StartTimes, SignUpDriver SignUps, BulkDriver Bulk,
    ServiceClient Client, FakeBotApi Provider, StoreAudit.AuditFigures? Audit, long CountedDuplicates, int OpenAtKills,
    TimeSpan Elapsed, string LogFile);

/// <summary>Report: prints the campaign's figures, the block docs/RELIABILITY.md records.</summary>
public sealed class Report(CampaignOptions options, TextWriter output)
{
    public void Print(ReportData d)
    {
        var starts = d.StartTimes.Order().ToList();
        var acks = d.SignUps.Acks.Values.ToList();
        output.WriteLine("figures:");
        output.WriteLine($"  kills (SIGKILL): {d.Kills}, of them during start: {d.KillsDuringStart}; restarts: {d.Kills}");
        if (starts.Count > 0)
            output.WriteLine($"  start to healthy: p50 {Seconds(starts[starts.Count / 2])}, max {Seconds(starts[^1])} ({starts.Count} starts measured)");
        output.WriteLine($"  contacts: {d.SignUps.Contacts:N0} started, {acks.Select(a => a.Contact).Distinct().Count():N0} with messages stored; " +
                         $"{options.Concurrency} at a time, inbound paced at {(options.InboundRate > 0 ? $"{options.InboundRate}/s" : "no limit")}");
        output.WriteLine($"  inbound acknowledged: {acks.Count:N0}; requests {d.Client.Requests:N0}, cut off by a kill {d.Client.CutOff:N0}, " +
                         $"503 {d.Client.Unavailable:N0}, failed while up {d.Client.Unexplained:N0}");
        output.WriteLine($"  resent after a kill and answered duplicate (first send stored, answer lost): {acks.Count(a => a.FirstAnswerDuplicate):N0}");
        output.WriteLine($"  bulk batches acknowledged: {d.Bulk.Batches.Count:N0} x {options.BatchSize}; resent and found stored: {d.Bulk.ResentFoundStored:N0}");
        if (d.Audit is { } audit)
        {
            var status = string.Join(", ", audit.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:N0}"));
            var failed = audit.FailedByCode.Count == 0 ? "none" : string.Join(", ", audit.FailedByCode.Select(f => $"{f.Key} {f.Value:N0}"));
            output.WriteLine($"  outbox: {audit.Replies:N0} replies (simulator) + {audit.Bulk:N0} bulk (Telegram): {status}; failed by code: {failed}");
            output.WriteLine($"  provider: {d.Provider.Calls:N0} sendMessage calls, {audit.ProviderDistinct:N0} distinct messages accepted, " +
                             $"duplicates (a message accepted again) {audit.ProviderDuplicates:N0}; failed in the outbox but accepted by the provider: {audit.FailedButAccepted:N0}");
            output.WriteLine($"  possible duplicates counted by the service (leases recovered, from /metrics or the log): {d.CountedDuplicates:N0}; late answers: {d.Provider.LateAnswers:N0}; " +
                             $"sendMessage calls open at the kills: {d.OpenAtKills:N0}");
        }
        output.WriteLine($"  faults injected: 5xx {d.Provider.Failed5xx:N0}, 429 {d.Provider.Throttled:N0}, timeouts {d.Provider.LateAnswers:N0}");
        output.WriteLine($"  elapsed: {d.Elapsed:m\\:ss}; service log: {d.LogFile}");
        output.WriteLine("checks:");
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:F2} s";
}

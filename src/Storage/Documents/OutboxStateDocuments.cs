namespace OutreachBot.Storage.Documents;

/// <summary>WindowClosureDocument: WhatsApp refused free-form text to <see cref="Id"/> (a URN) at <see cref="ClosedAt"/> (collection "whatsapp_window_closures").</summary>
internal sealed class WindowClosureDocument
{
    public string Id { get; set; } = "";
    public DateTimeOffset ClosedAt { get; set; }
}

/// <summary>KeptReportDocument: a delivery report for provider id <see cref="Id"/> that came before any row had that id (collection "early_reports").</summary>
internal sealed class KeptReportDocument
{
    public string Id { get; set; } = "";
    public OutboxStatus Status { get; set; }
    public string? ErrorCode { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>CounterDocument: a running total kept across restarts (collection "counters").</summary>
internal sealed class CounterDocument
{
    public const string PossibleDuplicates = "possible_duplicates";

    public string Id { get; set; } = "";
    public long Value { get; set; }
}

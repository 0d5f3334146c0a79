namespace OutreachBot.Storage.Documents;

/// <summary>UrnOwner: which contact a URN belongs to; keyed by the URN, so lookups use the primary key and no URN has two owners.</summary>
internal sealed class UrnOwner
{
    /// <summary>The URN, e.g. "tel:+201001234567".</summary>
    public string Id { get; set; } = "";
    public long ContactId { get; set; }
}

namespace OutreachBot.Storage.Documents;

/// <summary>RetiredContactIds: the highest id of a contact deleted by a merge (collection "retired_contact_ids", one row).</summary>
/// <remarks>Contact ids are seeded from the highest stored id at start; without this a merged-away newest id would be handed out again.</remarks>
internal sealed class RetiredContactIds
{
    public const int SingleId = 1;
    public int Id { get; set; } = SingleId;
    public long MaxId { get; set; }
}

namespace OutreachBot.Storage.Documents;

/// <summary>CursorDocument: one <see cref="ChannelCursor"/> and its position (collection "cursors").</summary>
internal sealed class CursorDocument
{
    /// <summary>The cursor's name (<see cref="ChannelCursor"/> as text), readable in the file.</summary>
    public string Id { get; set; } = "";
    public long Position { get; set; }
}

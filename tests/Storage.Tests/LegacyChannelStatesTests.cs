using LiteDB;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.LiteDb;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>A data file from before the typed cursors keeps its Telegram offset, retention cursor and retired contact id.</summary>
public sealed class LegacyChannelStatesTests
{
    [Fact]
    public async Task StringKeyedValuesOfAnOlderFileMoveToTheTypedCollectionsOnOpen()
    {
        using var db = new TempDb();
        db.Writer.Dispose();
        db.Store.Dispose();
        using (var old = new LiteDatabase(new ConnectionString { Filename = db.FilePath }))
        {
            var states = old.GetCollection("channel_state");
            states.Insert(new BsonDocument { ["_id"] = "telegram.offset", ["Value"] = "8812" });
            states.Insert(new BsonDocument { ["_id"] = "retention.outbox", ["Value"] = "40" });
            states.Insert(new BsonDocument { ["_id"] = "contacts.retired-max-id", ["Value"] = "77" });
            states.Insert(new BsonDocument { ["_id"] = "twilio.window-closed.whatsapp:+201001234567", ["Value"] = "1" });
        }

        db.Reopen();
        var cursors = new LiteChannelCursors(db.Writer);
        Assert.Equal(8812, await cursors.GetAsync(ChannelCursor.TelegramOffset));
        Assert.Equal(40, await cursors.GetAsync(ChannelCursor.RetentionOutbox));
        Assert.Equal(77, db.Read(ContactRepository.MaxId));
        Assert.True(await new LiteConversationStore(db.Writer).NextContactIdAsync() > 77, "a retired id would be handed out again");
        var left = db.Read(s => s.ChannelStates.FindAll().Select(c => c.Id).ToList());
        Assert.Equal(["twilio.window-closed.whatsapp:+201001234567"], left);

        // Moved once: a later save is not undone by the next open.
        await cursors.SaveAsync(ChannelCursor.TelegramOffset, 9000);
        db.Reopen();
        Assert.Equal(9000, await new LiteChannelCursors(db.Writer).GetAsync(ChannelCursor.TelegramOffset));
    }
}

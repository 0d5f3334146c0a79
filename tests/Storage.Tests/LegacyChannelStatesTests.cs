using LiteDB;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.LiteDb;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>A data file from before the typed collections keeps its Telegram offset, retention cursor, retired contact id, window closures, kept reports and duplicate count.</summary>
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
            states.Insert(new BsonDocument { ["_id"] = "outbox.status.SM42", ["Value"] = "3|30008|5" });
            states.Insert(new BsonDocument { ["_id"] = "delivery.possible-duplicates", ["Value"] = "12" });
        }

        db.Reopen();
        var cursors = new LiteChannelCursors(db.Writer);
        Assert.Equal(8812, await cursors.GetAsync(ChannelCursor.TelegramOffset));
        Assert.Equal(40, await cursors.GetAsync(ChannelCursor.RetentionOutbox));
        Assert.Equal(77, db.Read(ContactRepository.MaxId));
        Assert.True(await new LiteConversationStore(db.Writer).NextContactIdAsync() > 77, "a retired id would be handed out again");
        Assert.Empty(db.Read(s => s.ChannelStates.FindAll().ToList()));
        var outbox = new LiteOutboxStore(db.Writer);
        Assert.Equal(12, await outbox.PossibleDuplicatesAsync());
        var kept = Assert.Single(await outbox.WriteAsync(c => c.KeptReports()));
        Assert.Equal(("SM42", new DeliveryReport(OutboxStatus.Delivered, "30008", new DateTimeOffset(5, TimeSpan.Zero))), (kept.ProviderId, kept.Report));
        Assert.Equal(new DateTimeOffset(1, TimeSpan.Zero), await new LiteOutboxStore(db.Writer).WhatsAppWindowClosedAtAsync("whatsapp:+201001234567"));

        // Moved once: a later save is not undone by the next open.
        await cursors.SaveAsync(ChannelCursor.TelegramOffset, 9000);
        db.Reopen();
        Assert.Equal(9000, await new LiteChannelCursors(db.Writer).GetAsync(ChannelCursor.TelegramOffset));
    }
}

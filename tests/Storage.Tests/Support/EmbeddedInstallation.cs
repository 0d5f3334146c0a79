using Microsoft.Extensions.Logging.Abstractions;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.LiteDb;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests.Support;

/// <summary>EmbeddedInstallation: a LiteDB file written by the real stores as a running service writes it, to be copied elsewhere.</summary>
/// <remarks>
/// It holds a stopped SMS volunteer (1) into whom a later simulator contact (4) was merged, so the highest id ever given
/// out is a retired one; a Telegram contact (3) with queued replies; a web contact (2); sent and queued bulk; a Telegram
/// offset, a kept early report, a closed WhatsApp window and possible duplicates. Times are whole milliseconds:
/// PostgreSQL keeps microseconds, the file ticks.
/// </remarks>
internal static class EmbeddedInstallation
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, 123, TimeSpan.Zero);
    public const string Number = "+201001234567";
    public const string WhatsAppUrn = "whatsapp:+201009876543";
    public static readonly string[] Urns = ["tel:" + Number, "sim:bob", "telegram:77", "sim:web", WhatsAppUrn, "sim:nobody"];

    /// <summary>WriteAsync writes the installation to <paramref name="path"/> and closes the file.</summary>
    public static async Task WriteAsync(string path)
    {
        using var store = new LiteStore(path);
        using var writer = new StorageWriter(store, new StorageOptions(), NullLogger<StorageWriter>.Instance);

        var volunteer = new Contact
        {
            Id = 1, Urns = ["tel:" + Number], Phone = Number, Name = "منى سعيد", Village = "دير مواس", Interests = ["wai"],
            Status = ContactStatus.Stopped, VolunteerNumber = "10001", RegisteredAt = T0, CreatedAt = T0, LastSeenAt = T0,
            Consent = new ConsentRecord { Accepted = true, At = T0.AddTicks(1234567), TextVersion = "2026-11", Channel = "sms" },
            QuizScores = { ["digital_safety"] = new QuizScores { Attempts = 1, Finished = 1, First = 5, Best = 5, Latest = 5, QuestionCount = 6 } },
        };
        await WriteAsync(writer, volunteer, "sms", "SM-in-1", null, [QuizAttempt]);
        var web = new Contact { Id = 2, Urns = ["sim:web"], Language = Languages.English, CreatedAt = T0, LastSeenAt = T0 };
        await WriteAsync(writer, web, "sim", "w1", null);
        var telegram = new Contact { Id = 3, Urns = ["telegram:77"], Name = "Karim", CreatedAt = T0.AddMinutes(1), LastSeenAt = T0.AddMinutes(1) };
        await WriteAsync(writer, telegram, "telegram", "9001", null, "أهلا", "ما اسمك؟");
        var bob = new Contact { Id = 4, Urns = ["sim:bob"], IsSimulated = true, CreatedAt = T0.AddDays(1), LastSeenAt = T0.AddDays(1) };
        await WriteAsync(writer, bob, "sim", "b1", null);
        var proven = bob.Clone();
        proven.Phone = Number; // proven by a code: 4 is merged into 1 and retired
        proven.LastSeenAt = T0.AddDays(1).AddMinutes(5);
        await WriteAsync(writer, proven, "sim", "b2", bob);

        var outbox = new LiteOutboxStore(writer);
        await outbox.WriteAsync(changes =>
        {
            changes.Insert(Message(3, "telegram", "telegram:77", "sent earlier", OutboxStatus.Sent, "tg-1"));
            changes.Insert(Message(2, "whatsapp", WhatsAppUrn, "delivered", OutboxStatus.Delivered, "SM-out-2"));
            var bulk = Message(2, "sim", "sim:web", "campaign", OutboxStatus.Queued, null);
            bulk.Priority = OutboxPriority.Bulk;
            bulk.GroupId = "campaign-1";
            bulk.NextAttemptAt = T0.AddHours(10);
            changes.Insert(bulk);
            changes.KeepReport("SM-early", new DeliveryReport(OutboxStatus.Undelivered, "30003", T0.AddSeconds(3)));
            changes.CloseWhatsAppWindow(WhatsAppUrn, T0.AddMinutes(7));
            changes.AddPossibleDuplicates(3);
            return true;
        });
        await new LiteChannelCursors(writer).SaveAsync(ChannelCursor.TelegramOffset, 734_001_002);
    }

    /// <summary>QuizAttempt: the volunteer's finished go at a quiz, answers and times whole (to the microsecond, as PostgreSQL keeps them).</summary>
    public static QuizAttempt QuizAttempt => new()
    {
        Id = Flows.Model.QuizAttempt.IdOf(1, "digital_safety", 1), ContactId = 1, ContentId = "digital_safety", Kind = "quiz", ContentVersion = 2,
        Number = 1, Channel = "sms", StartedAt = T0.AddTicks(70), FinishedAt = T0.AddMinutes(3), QuestionCount = 6, Score = 5, Passed = true,
        Answers = [.. Enumerable.Range(1, 6).Select(i => new QuizAnswer { QuestionId = "q" + i, Option = i % 3 + 1, Correct = i != 4 })],
    };

    private static Task<bool> WriteAsync(StorageWriter writer, Contact contact, string channel, string providerId, Contact? readAs, params string[] replies) =>
        WriteAsync(writer, contact, channel, providerId, readAs, [], replies);

    private static Task<bool> WriteAsync(StorageWriter writer, Contact contact, string channel, string providerId, Contact? readAs, QuizAttempt[] attempts, params string[] replies)
    {
        var urn = contact.Urns[^1];
        var inboundId = InboundLogEntry.KeyOf(channel, providerId);
        return writer.WriteAsync(store => new ConversationWrite
        {
            ReadAs = readAs,
            ReadVersion = readAs is null ? 0 : store.ContactVersions.Of(readAs.Id),
            KnownPhone = readAs?.Phone,
            KnownUrns = readAs?.Urns ?? [],
            Inbound = new InboundLogEntry
            {
                Id = inboundId, Channel = channel, ProviderId = providerId, Urn = urn, Text = "text of " + providerId, Kind = "Text", ReceivedAt = T0,
            },
            Contact = contact,
            Session = new Session { ContactId = contact.Id, Flow = "signup", State = "Name", Answers = { ["lang"] = "ar" }, UpdatedAt = T0 },
            Outbox = [.. replies.Select(text => Message(contact.Id, channel, urn, text, OutboxStatus.Queued, null, inboundId))],
            Attempts = attempts,
        }.Apply(store));
    }

    private static OutboxMessage Message(long contactId, string channel, string urn, string text, OutboxStatus status, string? providerId, string? inReplyTo = null) => new()
    {
        ContactId = contactId, Channel = channel, Urn = urn, Text = text, Choices = ["1", "2"], Status = status, ProviderId = providerId,
        CreatedAt = T0, NextAttemptAt = T0, InReplyTo = inReplyTo, InboundReceivedAt = inReplyTo is null ? null : T0,
        SentAt = status >= OutboxStatus.Sent ? T0.AddSeconds(1) : null, Attempts = status >= OutboxStatus.Sent ? 1 : 0,
    };
}

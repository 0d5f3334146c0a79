using System.Diagnostics;
using LiteDB;
using OutreachBot.Storage;

namespace OutreachBot.Bench.Ceiling;

/// <summary>LiteCeiling: the pipeline's writes straight into a new LiteDB file, as BsonDocuments, one thread, log fsynced per commit.</summary>
/// <remarks>
/// Per message, what <c>ConversationWrite.Apply</c> does in the service: look the inbound id up (dedupe), insert the
/// inbound row, upsert the contact (and, for a contact's first message, its URN owner), upsert the session, insert the
/// outbox rows; the same collections and indexes. Per batch one transaction, then one fsync of the log, as the
/// storage thread does. Missing on purpose: the flow, the pipeline's reads, the mapping of typed documents (done
/// once, before the clock), the delivery engine's own writes. What the pipeline reaches of this is its efficiency.
/// </remarks>
public static class LiteCeiling
{
    /// <param name="prefill">Messages written first, not timed, so the file holds as much as the pipeline's did when its clock started.</param>
    public static CeilingResult Run(CeilingSample sample, int prefill, int messages, int batch)
    {
        var folder = Path.Combine(Path.GetTempPath(), "outreachbot-bench", "ceiling-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "ceiling.db");
        try
        {
            using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, LiteStore.CreateMapper());
            using var log = new LogFileSync(path);
            var collections = new Collections(db);
            var shape = new Shape(db.Mapper, sample);

            void Write(int from, int to, int size)
            {
                for (var start = from; start < to; start += size)
                {
                    db.BeginTrans();
                    for (var i = start; i < Math.Min(to, start + size); i++) collections.Write(shape, i);
                    db.Commit();
                    if (!log.Sync()) db.Checkpoint();
                }
            }

            Write(0, prefill, 256);
            var clock = Stopwatch.StartNew();
            Write(prefill, prefill + messages, batch);
            return new CeilingResult(batch, messages, clock.Elapsed, Writers: 1);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Shape: the sample mapped to BsonDocuments once; each message takes copies with its own ids.</summary>
    private sealed class Shape(BsonMapper mapper, CeilingSample sample)
    {
        public (long ContactId, int Step) Of(int message) => sample.Of(message);

        private readonly BsonDocument _contact = mapper.ToDocument(sample.Contact);
        private readonly BsonDocument _session = mapper.ToDocument(sample.Session);
        private readonly (BsonDocument Inbound, BsonDocument[] Outbox)[] _steps =
            [.. sample.Steps.Select(s => (mapper.ToDocument(s.Inbound), s.Outbox.Select(m => { var d = mapper.ToDocument(m); d.Remove("_id"); return d; }).ToArray()))];


        /// <summary>Urn: each contact its own, so the indexes see as many distinct keys as in the service.</summary>
        public static string Urn(long contactId) => "sim:ceiling-" + contactId;

        /// <summary>At: each message a later time (UTC ticks, as the mapper stores them), as the ReceivedAt index sees in the service.</summary>
        private static BsonValue At(int message) => new(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).Ticks + message * TimeSpan.TicksPerMillisecond);

        public BsonDocument Contact(long id)
        {
            var copy = WithId(_contact, id);
            copy["Urns"] = new BsonArray(new BsonValue[] { Urn(id), "tel:+2010" + id.ToString("D8") });
            return copy;
        }

        public BsonDocument Session(long contactId) => WithId(_session, contactId);

        public BsonDocument Inbound(int step, int message, long contactId)
        {
            var copy = WithId(_steps[step].Inbound, "sim:ceiling-" + message);
            copy["ProviderId"] = "ceiling-" + message;
            copy["Urn"] = Urn(contactId);
            copy["ContactId"] = contactId;
            copy["ReceivedAt"] = At(message);
            return copy;
        }

        public IEnumerable<BsonDocument> Outbox(int step, int message, long contactId) => _steps[step].Outbox.Select(d =>
        {
            var copy = Copy(d);
            copy["ContactId"] = contactId;
            copy["Urn"] = Urn(contactId);
            copy["InReplyTo"] = "sim:ceiling-" + message;
            copy["CreatedAt"] = copy["NextAttemptAt"] = copy["InboundReceivedAt"] = At(message);
            return copy;
        });

        private static BsonDocument WithId(BsonDocument document, BsonValue id)
        {
            var copy = Copy(document);
            copy["_id"] = id;
            return copy;
        }

        private static BsonDocument Copy(BsonDocument document)
        {
            var copy = new BsonDocument();
            foreach (var (key, value) in document) copy[key] = value;
            return copy;
        }
    }

    private sealed class Collections
    {
        private readonly ILiteCollection<BsonDocument> _contacts, _sessions, _inbound, _outbox, _urns;

        public Collections(LiteDatabase db)
        {
            _contacts = db.GetCollection("contacts", BsonAutoId.Int64);
            _sessions = db.GetCollection("sessions");
            _inbound = db.GetCollection("inbound");
            _outbox = db.GetCollection("outbox", BsonAutoId.Int64);
            _urns = db.GetCollection("urns");
            // The indexes LiteStore keeps.
            _inbound.EnsureIndex("Urn");
            _inbound.EnsureIndex("ReceivedAt");
            foreach (var field in (string[])["Status", "GroupId", "ProviderId", "Urn"]) _outbox.EnsureIndex(field);
        }

        public void Write(Shape shape, int message)
        {
            var (contactId, step) = shape.Of(message);
            var inbound = shape.Inbound(step, message, contactId);
            if (_inbound.FindById(inbound["_id"]) is not null) return;
            _inbound.Insert(inbound);
            _contacts.Upsert(shape.Contact(contactId));
            if (step == 0) _urns.Upsert(new BsonDocument { ["_id"] = Shape.Urn(contactId), ["ContactId"] = contactId });
            _sessions.Upsert(shape.Session(contactId));
            foreach (var row in shape.Outbox(step, message, contactId)) _outbox.Insert(row);
        }
    }
}

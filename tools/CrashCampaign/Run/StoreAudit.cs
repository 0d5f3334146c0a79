using OutreachBot.Bench.Pipeline;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>StoreAudit: opens the data file after the last life has exited and checks it against what the drivers were told and what the provider saw.</summary>
public sealed class StoreAudit
{
    /// <summary>AuditFigures: what the audit counted, for the figures block.</summary>
    public sealed record AuditFigures(
        int Replies, int Bulk, IReadOnlyDictionary<OutboxStatus, int> ByStatus, IReadOnlyDictionary<string, int> FailedByCode,
        int ProviderDistinct, int ProviderDuplicates, int FailedButAccepted);

    /// <summary>Run performs every store check into <paramref name="checks"/>; <paramref name="countedDuplicates"/> is what the service reported as possible duplicates.</summary>
    public static AuditFigures Run(string dataFile, SignUpDriver signUps, BulkDriver bulk, FakeBotApi provider, long countedDuplicates, Checks checks)
    {
        using var store = new LiteStore(dataFile);
        var inbound = store.Inbound.FindAll().ToDictionary(e => e.Id, StringComparer.Ordinal);
        var outbox = store.Outbox.FindAll().ToList();
        var replies = outbox.Where(m => m.InReplyTo is not null).ToLookup(m => m.InReplyTo!, StringComparer.Ordinal);

        CheckInbound(signUps, inbound, checks.Add("every acknowledged inbound message is stored exactly once, as sent"));
        CheckFlows(store, signUps, inbound, replies, checks);
        CheckSettled(outbox, checks.Add("every outbox message ends sent or failed with a reason"));
        CheckFailures(outbox, checks.Add("a provider fault loses no message: a message fails only after its last retry"));
        CheckBatches(outbox, bulk, checks.Add("every bulk batch is stored whole, once"));
        var (distinct, duplicates, failedButAccepted) = CheckProvider(outbox, provider, countedDuplicates, checks);
        CheckRecoveries(store, outbox, countedDuplicates, checks.Add("the stored count of possible duplicates matches the recovered rows and /metrics"));

        return new AuditFigures(
            outbox.Count(m => m.InReplyTo is not null),
            outbox.Count(m => m.GroupId is not null),
            outbox.GroupBy(m => m.Status).ToDictionary(g => g.Key, g => g.Count()),
            outbox.Where(m => m.Status == OutboxStatus.Failed).GroupBy(m => m.ErrorCode ?? "(none)").ToDictionary(g => g.Key, g => g.Count()),
            distinct, duplicates, failedButAccepted);
    }

    /// <summary>KeyOf: the inbound log key of a simulator message; the simulator dedupes ids per user ("user:id").</summary>
    private static string KeyOf(int contact, string id) => InboundLogEntry.KeyOf("sim", SignUpDriver.UserOf(contact) + ":" + id);

    private static void CheckInbound(SignUpDriver signUps, Dictionary<string, InboundLogEntry> inbound, List<string> failures)
    {
        foreach (var (id, ack) in signUps.Acks)
        {
            var key = KeyOf(ack.Contact, id);
            if (!inbound.TryGetValue(key, out var entry)) failures.Add($"{id} was answered 200 but is not stored");
            else if (entry.Text != ack.Text || entry.Urn != "sim:" + SignUpDriver.UserOf(ack.Contact))
                failures.Add($"{id} is stored as '{entry.Text}' from {entry.Urn}, sent as '{ack.Text}'");
        }
        // Keys are unique in the log, so "exactly once" means: nothing stored besides what was sent and acknowledged.
        var acknowledged = signUps.Acks.Select(a => KeyOf(a.Value.Contact, a.Key)).ToHashSet();
        foreach (var key in inbound.Keys.Where(k => !acknowledged.Contains(k)).Take(20))
            failures.Add($"{key} is stored but was never acknowledged");
    }

    private static void CheckFlows(LiteStore store, SignUpDriver signUps, Dictionary<string, InboundLogEntry> inbound,
        ILookup<string, OutboxMessage> replies, Checks checks)
    {
        var steps = checks.Add("no flow step applied twice: replaying each stored message once gives the stored replies, profile and session");
        var answered = checks.Add("the replies a 200 answer listed are the replies stored for that message");
        var contacts = checks.Add("every contact is stored once and ends registered");
        var replay = new FlowReplay();
        var driven = signUps.Acks.Values.GroupBy(a => a.Contact).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Step).ToList());

        foreach (var (n, acks) in driven.OrderBy(d => d.Key))
        {
            var urn = "sim:" + SignUpDriver.UserOf(n);
            if (store.Urns.FindById(urn) is not { } owner || store.Contacts.FindById(owner.ContactId) is not { } stored)
            {
                contacts.Add($"{urn}: no contact stored");
                continue;
            }
            var messages = acks.Select(a => inbound.GetValueOrDefault(KeyOf(n, SignUpDriver.IdOf(n, a.Step))))
                .OfType<InboundLogEntry>().ToList();
            var (expected, contact, session) = replay.Replay(stored.Id, urn, messages);
            for (var i = 0; i < messages.Count; i++)
            {
                var got = replies[messages[i].Id].OrderBy(m => m.Id).Select(m => m.Text).ToList();
                var want = expected[i].Select(r => r.Text).ToList();
                if (!got.SequenceEqual(want))
                    steps.Add($"{messages[i].Id}: {got.Count} replies stored, {want.Count} expected (first stored: {Short(got.FirstOrDefault())}, expected: {Short(want.FirstOrDefault())})");
                if (messages[i].ContactId != stored.Id) steps.Add($"{messages[i].Id} is stored for contact {messages[i].ContactId}, not {stored.Id}");
            }
            foreach (var ack in acks.Where(a => !a.FirstAnswerDuplicate))
            {
                var got = replies[KeyOf(n, SignUpDriver.IdOf(n, ack.Step))].OrderBy(m => m.Id).Select(m => m.Text);
                if (!got.SequenceEqual(ack.Replies))
                    answered.Add($"{SignUpDriver.IdOf(n, ack.Step)}: answered [{string.Join(" / ", ack.Replies.Select(Short))}], stored [{string.Join(" / ", got.Select(Short))}]");
            }
            if (FlowReplay.Profile(stored) != FlowReplay.Profile(contact))
                steps.Add($"{urn} profile is [{FlowReplay.Profile(stored)}], one step per message gives [{FlowReplay.Profile(contact)}]");
            var storedSession = store.Sessions.FindById(stored.Id);
            if (storedSession is null || FlowReplay.Where(storedSession) != FlowReplay.Where(session))
                steps.Add($"{urn} session is [{(storedSession is null ? "none" : FlowReplay.Where(storedSession))}], expected [{FlowReplay.Where(session)}]");
            if (acks.Count == SignUpScript.For(n).Count && stored.VolunteerNumber is null) contacts.Add($"{urn} sent the whole sign-up but is not registered");
        }
        var extra = store.Contacts.Count() - driven.Count;
        if (extra != 0) contacts.Add($"{store.Contacts.Count()} contacts stored for {driven.Count} simulated people");
    }

    private static void CheckSettled(List<OutboxMessage> outbox, List<string> failures)
    {
        foreach (var m in outbox)
        {
            var settled = m.Status is OutboxStatus.Sent or OutboxStatus.Delivered or OutboxStatus.Read
                || (m.Status == OutboxStatus.Failed && !string.IsNullOrWhiteSpace(m.ErrorCode) && !string.IsNullOrWhiteSpace(m.Error));
            if (!settled) failures.Add($"outbox {m.Id} ({m.Channel} {m.Urn}) is {m.Status}, code {m.ErrorCode ?? "-"}, reason {m.Error ?? "-"}");
        }
    }

    /// <summary>CheckFailures: the fake provider only fails transiently (5xx, 429, late answers), so the one acceptable failure is retries exhausted.</summary>
    private static void CheckFailures(List<OutboxMessage> outbox, List<string> failures)
    {
        foreach (var m in outbox.Where(m => m.Status == OutboxStatus.Failed))
            if (m.ErrorCode != "retries_exhausted" || m.Attempts < ServiceSettings.Attempts)
                failures.Add($"outbox {m.Id} ({m.Urn}) failed with {m.ErrorCode} after {m.Attempts} attempts: {Short(m.Error)}");
    }

    private static void CheckBatches(List<OutboxMessage> outbox, BulkDriver bulk, List<string> failures)
    {
        failures.AddRange(bulk.Partial);
        var groups = outbox.Where(m => m.GroupId is not null).GroupBy(m => m.GroupId!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (batch, chats) in bulk.Batches)
        {
            var rows = groups.GetValueOrDefault(batch) ?? [];
            var want = chats.Select(c => "telegram:" + c).Order(StringComparer.Ordinal);
            if (!rows.Select(r => r.Urn).Order(StringComparer.Ordinal).SequenceEqual(want))
                failures.Add($"batch {batch}: {rows.Count} rows stored for {chats.Count} chats");
        }
        foreach (var batch in groups.Keys.Where(g => !bulk.Batches.ContainsKey(g)))
            failures.Add($"group {batch} is stored but its batch was never acknowledged");
    }

    private static (int Distinct, int Duplicates, int FailedButAccepted) CheckProvider(List<OutboxMessage> outbox, FakeBotApi provider, long countedDuplicates, Checks checks)
    {
        var seen = checks.Add("every message sent on Telegram reached the provider, and the provider got nothing else");
        var claimed = checks.Add("every provider call was preceded by a durable claim (accepted at most once per attempt or recovered claim)");
        var accepted = provider.Accepted;
        var rows = new HashSet<(long, string)>();
        var duplicates = 0;
        var failedButAccepted = 0; // an attempt with no known outcome (late answer, or in flight at a kill) had reached the provider
        foreach (var m in outbox.Where(m => m.Channel == "telegram"))
        {
            var key = (long.Parse(m.Urn["telegram:".Length..], System.Globalization.CultureInfo.InvariantCulture), m.Text);
            rows.Add(key);
            var times = accepted.GetValueOrDefault(key);
            if (m.Status == OutboxStatus.Sent && times == 0) seen.Add($"outbox {m.Id} to {m.Urn} is Sent, but the provider never accepted it");
            // A recovered claim gave its attempt back, so the claims made are the attempts counted plus the recoveries.
            if (times > m.Attempts + m.Recoveries)
                claimed.Add($"outbox {m.Id} to {m.Urn}: accepted {times} times in {m.Attempts} attempts and {m.Recoveries} recovered claims");
            duplicates += Math.Max(0, times - 1);
            if (m.Status == OutboxStatus.Failed && times > 0) failedButAccepted++;
        }
        foreach (var key in accepted.Keys.Where(k => !rows.Contains(k)).Take(20)) seen.Add($"the provider accepted '{Short(key.Text)}' to chat {key.Chat}, which is in no outbox row");

        // The service counts each lease it recovers as a possible duplicate; late answers are the provider's own doing.
        var bound = countedDuplicates + provider.LateAnswers;
        var within = checks.Add("provider-side duplicates only from calls in flight at a kill (counted by the service) or answered late");
        if (duplicates > bound) within.Add($"{duplicates} duplicates at the provider, {countedDuplicates} counted by the service + {provider.LateAnswers} late answers");
        return (accepted.Count, duplicates, failedButAccepted);
    }

    /// <summary>CheckRecoveries: the count the service keeps in its data file is the sum of the rows' recoveries, and what /metrics last said is not more.</summary>
    private static void CheckRecoveries(LiteStore store, List<OutboxMessage> outbox, long countedDuplicates, List<string> failures)
    {
        var stored = Storage.LiteDb.LiteOutboxChanges.PossibleDuplicates(store);
        var marked = outbox.Sum(m => (long)m.Recoveries);
        if (stored != marked) failures.Add($"{stored} possible duplicates stored, but the outbox rows count {marked} recoveries");
        if (countedDuplicates > stored) failures.Add($"{countedDuplicates} possible duplicates counted, more than the {stored} stored");
    }

    private static string Short(string? text) => text is null ? "-" : text.Length <= 40 ? text : text[..40] + "…";
}

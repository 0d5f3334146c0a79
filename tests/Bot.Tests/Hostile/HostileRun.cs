using System.Net;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>HostileRun: sends every case in order, collects every wrong answer or wrong write, so one run reports all of them at once.</summary>
internal static class HostileRun
{
    public static async Task<List<string>> SendAllAsync(HttpClient client, IEnumerable<HostileCase> cases, StorageWriter storage)
    {
        var failures = new List<string>();
        foreach (var hostile in cases)
        {
            var before = await StoreState.ReadAsync(storage);
            using var response = await client.SendAsync(hostile.Build());
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var after = await StoreState.ReadAsync(storage);

            if (status >= 500 || !hostile.Allowed.Contains(response.StatusCode))
                failures.Add($"{hostile.Name}: {status} (wanted {string.Join("/", hostile.Allowed.Select(s => (int)s))}) {Shorten(body)}");
            if (status >= 400)
            {
                if (after != before) failures.Add($"{hostile.Name}: refused with {status} but the store changed: {before} → {after}");
                continue;
            }
            var added = after.Inbound.Except(before.Inbound).ToList();
            if (added.Count != hostile.Stores)
                failures.Add($"{hostile.Name}: answered {status} and stored {added.Count} message(s), wanted {hostile.Stores}");
            else if (hostile.Stores == 0 && (after.Outbox, after.Contacts, after.Sessions) != (before.Outbox, before.Contacts, before.Sessions))
                failures.Add($"{hostile.Name}: stored nothing but changed contacts, sessions or outbox: {before} → {after}");
            else if (hostile.StoredText is { } text && added.Count == 1 && added[0].Text != text)
                failures.Add($"{hostile.Name}: stored text {Shorten(added[0].Text)} instead of {Shorten(text)}");
        }
        return failures;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>StoreState: what a case may change: inbound messages (id and text) and the size of every other collection.</summary>
    private sealed record StoreState(IReadOnlySet<(string Id, string Text)> Inbound, int Outbox, int Contacts, int Sessions, int States)
    {
        public static Task<StoreState> ReadAsync(StorageWriter storage) => storage.ReadAsync(s => new StoreState(
            s.Inbound.FindAll().Select(e => (e.Id, e.Text)).ToHashSet(), s.Outbox.Count(), s.Contacts.Count(), s.Sessions.Count(), s.ChannelStates.Count()));

        public bool Equals(StoreState? other) => other is not null && Inbound.SetEquals(other.Inbound)
            && (Outbox, Contacts, Sessions, States) == (other.Outbox, other.Contacts, other.Sessions, other.States);

        public override int GetHashCode() => HashCode.Combine(Inbound.Count, Outbox, Contacts, Sessions, States);

        public override string ToString() => $"{Inbound.Count} inbound, {Outbox} outbox, {Contacts} contacts, {Sessions} sessions, {States} states";
    }
}

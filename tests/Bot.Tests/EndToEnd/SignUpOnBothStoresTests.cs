using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>The same host end to end on each store: a whole Arabic sign-up across a restart, redeliveries handled once, replies delivered.</summary>
public abstract class SignUpOnBothStoresTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private Dictionary<string, string?> _settings = [];

    protected abstract StoreKind Store { get; }

    public async Task InitializeAsync() => _settings = await StoreHosts.SettingsAsync(Store);

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private BotHostFactory Host() => StoreHosts.Host(_folder.File("outreach.db"), _settings);

    private static readonly string[] FirstHalf = ["انضم", "عربي", "منى أحمد علي", "المنيا", "مطاي"];
    private static readonly string[] SecondHalf = ["٠١٠٠١٢٣٤٥٦٧", "2", "1", "١، ٣", "2", "نعم", "تأكيد"];

    private static async Task<SimulatorResponse> SayAsync(HttpClient client, string user, string text, string id) =>
        (await (await client.PostAsJsonAsync("/api/simulator/messages", new { from = user, text, id }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SimulatorResponse>())!;

    [Fact]
    public async Task AnArabicSignUpSurvivesARestartAndEveryRedeliveryIsHandledOnce()
    {
        var n = 0;
        await using (var host = Host())
        {
            var client = host.CreateClient();
            foreach (var text in FirstHalf)
                Assert.NotEmpty((await SayAsync(client, "mona", text, "mona-" + n++)).Replies);
        }

        await using (var host = Host())
        {
            var client = host.CreateClient();
            SimulatorResponse last = null!;
            foreach (var text in SecondHalf)
            {
                last = await SayAsync(client, "mona", text, "mona-" + n++);
                Assert.NotEmpty(last.Replies);
            }
            // Every message again, as a provider redelivering them: each is a duplicate, with no replies and no change.
            for (var i = 0; i < n; i++)
                Assert.Empty((await SayAsync(client, "mona", "ignored", "mona-" + i)).Replies);

            var conversations = host.Services.GetRequiredService<IConversationStore>();
            Assert.Equal(Store == StoreKind.PostgreSql ? "PgConversationStore" : "LiteConversationStore", conversations.GetType().Name);
            var snapshot = await conversations.LoadAsync("sim:mona");
            var contact = snapshot.Contact!;
            Assert.Equal("منى أحمد علي", contact.Name);
            Assert.Null(contact.Phone);
            Assert.Equal("+201001234567", contact.UnverifiedPhone);
            Assert.Equal(["sim:mona"], contact.Urns);
            Assert.True(contact.IsSimulated);
            Assert.NotNull(contact.VolunteerNumber);
            Assert.Contains(contact.VolunteerNumber, string.Join("\n", last.Replies.Select(r => r.Text)));
            Assert.True(contact.Consent!.Accepted);
            Assert.Equal(2, contact.Interests.Count);

            // Delivery drains every reply through the simulator sender.
            var outbox = host.Services.GetRequiredService<IOutboxStore>();
            await Eventually.TrueAsync(async () => (await outbox.QueuedAsync()).Count == 0, "every reply delivered");
            Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        }
    }

    [Fact]
    public async Task TwoPeopleWritingAtOnceGetTheirOwnContactsAndIdsNeverRepeatAfterARestart()
    {
        long first, second;
        await using (var host = Host())
        {
            var client = host.CreateClient();
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SayAsync(client, "user" + i, "انضم", "u" + i)));
            var store = host.Services.GetRequiredService<IConversationStore>();
            var ids = new List<long>();
            for (var i = 0; i < 20; i++) ids.Add((await store.LoadAsync("sim:user" + i)).Contact!.Id);
            Assert.Equal(20, ids.Distinct().Count());
            first = ids.Max();
        }
        await using (var host = Host())
        {
            await SayAsync(host.CreateClient(), "late", "انضم", "late-1");
            second = (await host.Services.GetRequiredService<IConversationStore>().LoadAsync("sim:late")).Contact!.Id;
        }
        Assert.True(second > first);
    }
}

public sealed class SignUpOnLiteDbTests : SignUpOnBothStoresTests
{
    protected override StoreKind Store => StoreKind.LiteDb;
}

public sealed class SignUpOnPostgreSqlTests : SignUpOnBothStoresTests
{
    protected override StoreKind Store => StoreKind.PostgreSql;
}

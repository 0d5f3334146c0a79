using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>A whole Arabic sign-up through the simulator API of the real host, across a restart on the same LiteDB file.</summary>
public sealed class SimulatorSignUpTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly string[] FirstHalf = ["انضم", "عربي", "منى أحمد علي", "المنيا", "مطاي"];
    private static readonly string[] SecondHalf = ["٠١٠٠١٢٣٤٥٦٧", "2", "1", "١، ٣", "2", "نعم", "تأكيد"];

    private static async Task<SimulatorResponse> Say(HttpClient client, string text, int n) =>
        (await (await client.PostAsJsonAsync("/api/simulator/messages", new { from = "mona", text, id = "mona-" + n }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SimulatorResponse>())!;

    [Fact]
    public async Task AnArabicSignUpSurvivesARestartOfTheHost()
    {
        var db = _folder.File("outreach.db");
        var n = 0;
        using (var host = new BotHostFactory(db))
        {
            var client = host.CreateClient();
            foreach (var text in FirstHalf)
                Assert.NotEmpty((await Say(client, text, n++)).Replies);
        }

        using (var host = new BotHostFactory(db))
        {
            var client = host.CreateClient();
            SimulatorResponse last = null!;
            foreach (var text in SecondHalf)
            {
                last = await Say(client, text, n++);
                Assert.NotEmpty(last.Replies);
            }

            var storage = host.Services.GetRequiredService<StorageWriter>();
            var contact = await storage.ReadAsync(s => s.Contacts.FindAll().Single());
            Assert.Equal("منى أحمد علي", contact.Name);
            // Typed on the simulator with no SMS to prove it: kept, but unverified, and it claims no tel: URN.
            Assert.Null(contact.Phone);
            Assert.Equal("+201001234567", contact.UnverifiedPhone);
            Assert.Equal(["sim:mona"], contact.Urns);
            Assert.True(contact.IsSimulated);
            Assert.NotNull(contact.VolunteerNumber);
            Assert.Contains(contact.VolunteerNumber, string.Join("\n", last.Replies.Select(r => r.Text)));
            Assert.True(contact.Consent!.Accepted);
            Assert.Equal(2, contact.Interests.Count);
            Assert.Equal(n, await storage.ReadAsync(s => s.Inbound.Count()));
        }
    }
}

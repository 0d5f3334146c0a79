using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>ResultsEndpointTests: GET /api/results/{id} answers a quiz's indicators as JSON, guarded as /metrics is, and refuses a malformed id.</summary>
public sealed class ResultsEndpointTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AQuizsIndicatorsAreAnsweredAsJsonWithTheSplits()
    {
        await using var host = new BotHostFactory(_folder.File("outreach.db"));
        using var http = host.CreateClient();
        await StoreAttemptAsync(host, "sim:mona", "MN", score: 5, simulated: false);
        await StoreAttemptAsync(host, "sim:test", "AS", score: 1, simulated: true);

        using var report = JsonDocument.Parse(await http.GetStringAsync("/api/results/digital_safety"));

        var all = report.RootElement.GetProperty("all");
        Assert.Equal(1, all.GetProperty("attempts").GetInt32()); // the simulated contact is left out
        Assert.Equal(5, all.GetProperty("averageFirstScore").GetDouble());
        Assert.Equal(["governorate/MN", "gender/female", "age_band/18-24"],
            report.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("dimension").GetString() + "/" + g.GetProperty("value").GetString()));

        using var withSimulated = JsonDocument.Parse(await http.GetStringAsync("/api/results/digital_safety?simulated=true"));
        Assert.Equal(2, withSimulated.RootElement.GetProperty("all").GetProperty("attempts").GetInt32());
        Assert.Equal(3.0, withSimulated.RootElement.GetProperty("all").GetProperty("averageFirstScore").GetDouble());
    }

    [Fact]
    public async Task AQuizTakenOnTheSimulatorIsStoredAndCountedInItsResults()
    {
        await using var host = new BotHostFactory(_folder.File("outreach.db"));
        using var http = host.CreateClient();

        foreach (var text in new[] { "اختبار", "1", "2", "3", "1", "4", "1", "3" })
        {
            using var answered = await http.PostAsJsonAsync("/api/simulator/messages", new { from = "wai", text });
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }
        using var hidden = JsonDocument.Parse(await http.GetStringAsync("/api/results/digital_safety"));
        using var report = JsonDocument.Parse(await http.GetStringAsync("/api/results/digital_safety?simulated=true"));

        Assert.Equal(0, hidden.RootElement.GetProperty("all").GetProperty("attempts").GetInt32());
        var all = report.RootElement.GetProperty("all");
        Assert.Equal("quiz", report.RootElement.GetProperty("kind").GetString());
        Assert.Equal((1, 1, 6.0, 1.0), (all.GetProperty("attempts").GetInt32(), all.GetProperty("completions").GetInt32(),
            all.GetProperty("averageFirstScore").GetDouble(), all.GetProperty("passRate").GetDouble()));
        Assert.Equal(6, all.GetProperty("questions").GetArrayLength());
        Assert.All(all.GetProperty("questions").EnumerateArray(), q => Assert.Equal(1.0, q.GetProperty("rightShare").GetDouble()));
    }

    [Theory]
    [InlineData("Digital_Safety")]
    [InlineData("quiz;drop")]
    [InlineData("%D8%A7%D8%AE%D8%AA%D8%A8%D8%A7%D8%B1")]
    public async Task AMalformedIdIsABadRequest(string id)
    {
        await using var host = new BotHostFactory(_folder.File("outreach.db"));
        using var http = host.CreateClient();

        using var response = await http.GetAsync("/api/results/" + id);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lower-case", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task WithAMetricsTokenSetTheResultsNeedIt()
    {
        await using var host = new BotHostFactory(_folder.File("outreach.db"));
        host.Settings["Metrics:BearerToken"] = "results-t0ken-77aa";
        using var http = host.CreateClient();

        using var anonymous = await http.GetAsync("/api/results/digital_safety");
        using var staff = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/results/digital_safety")
        {
            Headers = { { "Authorization", "Bearer results-t0ken-77aa" } },
        });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    private static async Task StoreAttemptAsync(BotHostFactory host, string urn, string governorate, int score, bool simulated)
    {
        var store = host.Services.GetRequiredService<IConversationStore>();
        var id = await store.NextContactIdAsync();
        var attempt = new QuizAttempt
        {
            Id = QuizAttempt.IdOf(id, "digital_safety", 1), ContactId = id, ContentId = "digital_safety", Kind = "quiz", ContentVersion = 1,
            Number = 1, Channel = "sim", StartedAt = T0, FinishedAt = T0.AddMinutes(2), QuestionCount = 6, Score = score, Passed = score >= 5,
            Answers = [new QuizAnswer { QuestionId = "otp_caller", Option = 2, Correct = true }],
        };
        var result = await store.WriteAsync(new ConversationWrite
        {
            Inbound = new InboundLogEntry { Id = "sim:" + urn, Channel = "sim", ProviderId = urn, ContactId = id, Urn = urn, Text = "2", Kind = "Text", ReceivedAt = T0 },
            Contact = new Contact { Id = id, Urns = [urn], Governorate = governorate, Gender = "female", AgeBand = "18-24", IsSimulated = simulated, CreatedAt = T0 },
            Session = new Session { ContactId = id },
            Outbox = [],
            Attempts = [attempt],
        });
        Assert.Equal(WriteOutcome.Stored, result.Outcome);
    }
}

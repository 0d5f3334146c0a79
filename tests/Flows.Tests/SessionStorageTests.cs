using System.Text.Json;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Postgres;

namespace OutreachBot.Flows.Tests;

/// <summary>SessionStorageTests: parked flows and a pending offer survive both stores' mappings (LiteDB's BsonMapper, PostgreSQL's JSON).</summary>
public sealed class SessionStorageTests
{
    private static Session Sample() => new()
    {
        ContactId = 7,
        Flow = "poll",
        State = "Question",
        Answers = { ["args"] = "campaign_1" },
        Parked =
        [
            new ParkedFlow { Flow = "signup", State = "Governorate", Answers = { ["name"] = "محمد أحمد", ["language"] = "ar" }, ParkedAt = DateTimeOffset.Parse("2026-11-29T06:04:00Z") },
        ],
        Offer = new FlowOffer { Flow = "signup", Args = "x", Resume = true },
        UpdatedAt = DateTimeOffset.Parse("2026-11-29T06:05:00Z"),
    };

    private static string Json(Session s) => JsonSerializer.Serialize(s);

    [Fact]
    public void LiteDbMapperKeepsParkedFlowsAndOffer() => Assert.Equal(Json(Sample()), Json(StoreMapper.RoundTrip(Sample())));

    [Fact]
    public void PostgresDocumentKeepsParkedFlowsAndOffer() => Assert.Equal(Json(Sample()), Json(PgDocuments.ReadSession(PgDocuments.Write(Sample()))));

    [Fact]
    public void ASessionStoredBeforeFlowsCouldParkReadsWithNoneParked()
    {
        var old = PgDocuments.ReadSession("""{"ContactId":7,"Flow":"signup","State":"FullName","Answers":{},"Attempts":0}""");
        Assert.Empty(old.Parked);
        Assert.Null(old.Offer);
    }

    [Fact]
    public void CloneCopiesParkedFlowsDeeply()
    {
        var original = Sample();
        var copy = original.Clone();
        copy.Parked[0].Answers["name"] = "changed";
        copy.Offer!.Flow = "changed";
        Assert.Equal("محمد أحمد", original.Parked[0].Answers["name"]);
        Assert.Equal("signup", original.Offer!.Flow);
    }
}

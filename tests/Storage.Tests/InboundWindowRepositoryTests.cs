using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Storage.Tests;

/// <summary>InboundWindowRepository finds a URN's latest inbound message on one channel, through an index on Urn.</summary>
public sealed class InboundWindowRepositoryTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private static InboundLogEntry Entry(string id, string channel, string urn, int minute) => new()
    {
        Id = channel + ":" + id, Channel = channel, ProviderId = id, Urn = urn,
        ReceivedAt = new DateTimeOffset(2026, 11, 29, 6, minute, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task LatestInboundOfTheUrnOnTheChannelIsFoundThroughAnIndexOnUrn()
    {
        await _db.Writer.WriteAsync(s => s.Inbound.InsertBulk([
            Entry("a", "whatsapp", "whatsapp:+201001234567", 10),
            Entry("b", "whatsapp", "whatsapp:+201001234567", 30),
            Entry("c", "whatsapp", "whatsapp:+201001234567", 20),
            Entry("d", "whatsapp", "whatsapp:+201009999999", 50),
            Entry("e", "sms", "whatsapp:+201001234567", 55),
        ]));
        var windows = new InboundWindowRepository(_db.Writer);

        Assert.Equal(30, (await windows.LastInboundAtAsync("whatsapp:+201001234567", "whatsapp"))?.Minute);
        Assert.Null(await windows.LastInboundAtAsync("whatsapp:+201005555555", "whatsapp"));
        Assert.Contains(_db.Read(s => s.Database.GetCollection("$indexes").FindAll().ToList()),
            index => index["collection"] == "inbound" && index["expression"] == "$.Urn");
    }
}

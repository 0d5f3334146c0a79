using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Telegram.Fake;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Flows.Model;
using OutreachBot.Storage;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramSignUpTests: the real host with the real flows: an Arabic sign-up over Telegram polling, replies sent back through the Telegram sender.</summary>
public sealed class TelegramSignUpTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private FakeTelegramServer _fake = null!;
    private BotHostFactory _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramServer.StartAsync();
        _host = new BotHostFactory(_data.File("bot.db")) { Time = _time };
        foreach (var (key, value) in TelegramTestHost.Settings(_fake)) _host.Settings[key] = value;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _fake.AssertNoUnexpectedRequests();
        await _fake.DisposeAsync();
        _data.Dispose();
    }

    private Task<T> Read<T>(Func<LiteStore, T> query) => _host.Services.GetRequiredService<StorageWriter>().ReadAsync(query);

    [Fact]
    public async Task ArabicSignUpFromStartToRegisteredWithThePhoneSharedByTheContactButton()
    {
        string[] answers = ["سجل متطوع", "عربي", "منى سعيد", "المنيا", "ملوي"];
        var id = 100;
        _fake.EnqueueUpdate(RecordedUpdates.Start(id++, "src_minya_fair"));
        foreach (var answer in answers) _fake.EnqueueUpdate(RecordedUpdates.Text(id++, answer));
        _fake.EnqueueUpdate(RecordedUpdates.OwnContact(id++, "201001234567"));
        foreach (var answer in new[] { "2", "2", "1 3", "1،3", "موافق", "تأكيد" }) _fake.EnqueueUpdate(RecordedUpdates.Text(id++, answer));
        _ = _host.Services;

        await Eventually.TrueAsync(() => Read(s => s.Inbound.Count() == 13), "all 13 updates stored");
        var contact = Assert.Single(await Read(s => s.Contacts.FindAll().ToList()));

        Assert.NotNull(contact.VolunteerNumber);
        Assert.NotNull(contact.RegisteredAt);
        Assert.Equal("منى سعيد", contact.Name);
        Assert.Equal("MN", contact.Governorate);
        Assert.Equal("+201001234567", contact.Phone);
        Assert.Equal("src_minya_fair", contact.ReferralSource);
        Assert.Equal("telegram", contact.Consent?.Channel);
        Assert.Contains("telegram:555000111", contact.Urns);

        // The delivery engine sends every reply through the Telegram sender, one per second to this chat.
        await Eventually.TrueAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return Read(s => s.Outbox.FindAll().All(m => m.Status == OutboxStatus.Sent));
        }, "every reply sent");
        var outbox = await Read(s => s.Outbox.FindAll().OrderBy(m => m.Id).ToList());

        var sent = _fake.RequestsTo("sendMessage");
        Assert.Equal(outbox.Select(m => m.Text), sent.Select(r => r.Body["text"]!.GetValue<string>()));
        Assert.All(sent, r => Assert.Equal(RecordedUpdates.MonaId, r.Body["chat_id"]!.GetValue<long>()));
        var phonePrompt = Assert.Single(sent, r => r.Body["reply_markup"]?["keyboard"]?[0]?[0]?["request_contact"] is not null);
        Assert.Equal("📱 ابعت رقمي", phonePrompt.Body["reply_markup"]!["keyboard"]![0]![0]!["text"]!.GetValue<string>());
        // The registration with the volunteer number, then the quiz offered to a new volunteer.
        Assert.Contains(contact.VolunteerNumber, sent[^2].Body["text"]!.GetValue<string>());
        Assert.Equal("تحب تبدأ الاختبار دلوقتي؟", sent[^1].Body["text"]!.GetValue<string>());
        Assert.Equal(outbox.Count(m => m.Keyboard == KeyboardAction.Remove), sent.Count(r => r.Body["reply_markup"]?["remove_keyboard"] is not null));
    }

    [Fact]
    public async Task MediaGetsTextOnlyAndGroupMessagesGetWriteToMePrivately()
    {
        _fake.EnqueueUpdate(RecordedUpdates.Sticker(200));
        _fake.EnqueueUpdate(RecordedUpdates.Photo(201));
        _fake.EnqueueUpdate(RecordedUpdates.Voice(202));
        _fake.EnqueueUpdate(RecordedUpdates.Group(203));
        _ = _host.Services;

        await Eventually.TrueAsync(() => Read(s => s.Outbox.Count() == 4), "four replies");
        var outbox = await Read(s => s.Outbox.FindAll().OrderBy(m => m.Id).ToList());

        var texts = new System.Resources.ResourceManager("OutreachBot.Flows.Resources.Texts", typeof(Flows.Engine.ConversationEngine).Assembly);
        var textOnly = texts.GetString("media_text_only", System.Globalization.CultureInfo.InvariantCulture);
        var privately = texts.GetString("group_private", System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(outbox.Take(3), m => Assert.Equal(("telegram:555000111", textOnly), (m.Urn, m.Text)));
        Assert.Equal(("telegram:-1001234567890", privately), (outbox[3].Urn, outbox[3].Text));
    }
}

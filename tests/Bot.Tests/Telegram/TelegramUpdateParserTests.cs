using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Telegram;
using OutreachBot.Bot.Tests.Telegram.Updates;
using OutreachBot.Flows.Model;

namespace OutreachBot.Bot.Tests.Telegram;

/// <summary>TelegramUpdateParserTests: recorded update bodies become the right InboundMessage, or are skipped for a stated reason.</summary>
public sealed class TelegramUpdateParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly TelegramUpdateParser _parser = new(new FakeTimeProvider(Now));

    private TelegramParsed Parse(string json) => _parser.Parse(JsonDocument.Parse(json).RootElement);

    private InboundMessage Inbound(string json)
    {
        var parsed = Assert.IsType<TelegramParsed.Inbound>(Parse(json));
        return parsed.Message;
    }

    [Fact]
    public void TextMessageBecomesTextFromThePrivateChat()
    {
        var message = Inbound(RecordedUpdates.Text(501, "اسمي منى"));

        Assert.Equal(new InboundMessage("telegram", "555000111:501", "telegram:555000111", "اسمي منى", InboundKind.Text,
            ChannelTraits.Telegram, Now, null, null, "منى سعيد"), message);
    }

    [Fact]
    public void StartWithDeepLinkPayloadKeepsThePayloadApart()
    {
        var message = Inbound(RecordedUpdates.Start(502, "src_minya_fair"));

        Assert.Equal("/start", message.Text);
        Assert.Equal("src_minya_fair", message.StartPayload);
        Assert.Equal(InboundKind.Text, message.Kind);
    }

    [Theory]
    [InlineData("/start", "/start", null)]
    [InlineData("/start@OutreachEgBot src_x", "/start", "src_x")]
    [InlineData("/starting", null, null)]
    [InlineData("hello /start", null, null)]
    public void SplitStartReadsOnlyTheStartCommand(string text, string? command, string? payload) =>
        Assert.Equal((command, payload), TelegramUpdateParser.SplitStart(text));

    [Fact]
    public void OwnSharedContactVouchesForTheNumberInE164()
    {
        var message = Inbound(RecordedUpdates.OwnContact(503));

        Assert.Equal(InboundKind.SharedContact, message.Kind);
        Assert.Equal("+201001234567", message.ChannelPhone);
    }

    [Fact]
    public void SomebodyElsesContactCardVouchesForNothing()
    {
        var message = Inbound(RecordedUpdates.OthersContact(504));

        Assert.Equal(InboundKind.SharedContact, message.Kind);
        Assert.Null(message.ChannelPhone);
        Assert.Equal("", message.Text);
    }

    [Fact]
    public void CallbackQueryBecomesItsDataAndIsMarkedForAnswering()
    {
        var parsed = Assert.IsType<TelegramParsed.Inbound>(Parse(RecordedUpdates.Callback(505, "MN")));

        Assert.Equal("2383719187316283712", parsed.CallbackQueryId);
        Assert.Equal("cb:2383719187316283712", parsed.Message.ProviderId);
        Assert.Equal("MN", parsed.Message.Text);
        Assert.Equal("telegram:555000111", parsed.Message.Urn);
        Assert.Equal(InboundKind.Text, parsed.Message.Kind);
    }

    [Fact]
    public void TheProviderIdNamesTheChatAndMessageNotTheUpdate()
    {
        var first = Inbound(RecordedUpdates.Text(700, "انضم", messageId: 5));
        var redelivered = Inbound(RecordedUpdates.Text(9_000_001, "انضم", messageId: 5));
        var sameUpdateIdOtherMessage = Inbound(RecordedUpdates.Text(700, "1", messageId: 6));

        Assert.Equal("555000111:5", first.ProviderId);
        Assert.Equal(first.ProviderId, redelivered.ProviderId);
        Assert.Equal("555000111:6", sameUpdateIdOtherMessage.ProviderId);
        Assert.Equal("-1001234567890:710", Inbound(RecordedUpdates.Group(710)).ProviderId);
        Assert.Equal("555000111:711", Inbound(RecordedUpdates.OwnContact(711)).ProviderId);
        Assert.Equal("555000111:712", Inbound(RecordedUpdates.Photo(712)).ProviderId);
    }

    [Fact]
    public void ACallbackIsKeyedByItsQueryIdWhateverTheUpdateId()
    {
        var press = Assert.IsType<TelegramParsed.Inbound>(Parse(RecordedUpdates.Callback(720, "MN", queryId: "4411")));
        var redelivered = Assert.IsType<TelegramParsed.Inbound>(Parse(RecordedUpdates.Callback(721, "MN", queryId: "4411")));
        var another = Assert.IsType<TelegramParsed.Inbound>(Parse(RecordedUpdates.Callback(720, "MN", queryId: "4412")));

        Assert.Equal("cb:4411", press.Message.ProviderId);
        Assert.Equal(press.Message.ProviderId, redelivered.Message.ProviderId);
        Assert.Equal("cb:4412", another.Message.ProviderId);
    }

    [Fact]
    public void ACallbackQueryIdTooLongToBeTelegramsIsPoison() =>
        Assert.Equal(722, Assert.IsType<TelegramParsed.Poison>(Parse(RecordedUpdates.Callback(722, "MN", queryId: new string('7', 65)))).UpdateId);

    [Fact]
    public void EditedMessageIsIgnored() =>
        Assert.IsType<TelegramParsed.Ignored>(Parse(RecordedUpdates.Edited(506)));

    [Fact]
    public void GroupMessageIsMarkedGroupChatWithTheGroupUrn()
    {
        var message = Inbound(RecordedUpdates.Group(507));

        Assert.Equal(InboundKind.GroupChat, message.Kind);
        Assert.Equal("telegram:-1001234567890", message.Urn);
    }

    [Fact]
    public void AChatTypeNewerThanTheLibraryIsTakenAsAGroupSoItIsNeverAnswered()
    {
        var message = Inbound("""{"update_id":513,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"hyperspace"},"text":"hi"}}""");

        Assert.Equal(InboundKind.GroupChat, message.Kind);
    }

    public static TheoryData<string> MediaUpdates => new()
    {
        RecordedUpdates.Sticker(508), RecordedUpdates.Photo(508), RecordedUpdates.Voice(508),
    };

    [Theory]
    [MemberData(nameof(MediaUpdates))]
    public void StickersPhotosAndVoiceAreMedia(string json)
    {
        var message = Inbound(json);

        Assert.Equal(InboundKind.Media, message.Kind);
        Assert.Equal("telegram:555000111", message.Urn);
    }

    public static TheoryData<string> PoisonUpdates => new()
    {
        RecordedUpdates.UnknownType(509), RecordedUpdates.Unparseable(509), RecordedUpdates.MissingChat(509),
        RecordedUpdates.Text(509, "hi").Replace("\"message_id\":509,", "", StringComparison.Ordinal),
        RecordedUpdates.Text(509, "hi", messageId: -3),
        RecordedUpdates.Text(509, "hi").Replace("\"date\":1764396000", "\"date\":999999999999999", StringComparison.Ordinal),
    };

    [Theory]
    [MemberData(nameof(PoisonUpdates))]
    public void PoisonUpdatesAreReportedWithTheirIdSoTheyCanBeSkipped(string json)
    {
        var poison = Assert.IsType<TelegramParsed.Poison>(Parse(json));

        Assert.Equal(509, poison.UpdateId);
    }

    [Theory]
    [InlineData("""{"message":{}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"update_id":"12"}""")]
    public void UpdatesWithoutAnIdArePoisonWithoutThrowing(string json) =>
        Assert.Equal(TelegramUpdateParser.UnknownUpdateId, Assert.IsType<TelegramParsed.Poison>(Parse(json)).UpdateId);

    [Theory]
    [InlineData("201001234567", "+201001234567")]
    [InlineData("+20 100 123 4567", "+201001234567")]
    [InlineData("12", null)]
    [InlineData("", null)]
    public void SharedPhoneNumbersAreNormalisedToE164(string raw, string? expected) =>
        Assert.Equal(expected, TelegramUpdateParser.ToE164(raw));
}

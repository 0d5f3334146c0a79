using System.Net;
using OutreachBot.Bot.Tests.Telegram.Updates;
using static OutreachBot.Bot.Tests.Hostile.HostileCase;
using static OutreachBot.Bot.Tests.Hostile.TelegramHostileCases;

namespace OutreachBot.Bot.Tests.Hostile;

/// <summary>TelegramUpdateCases: update kinds we do not act on, and odd but valid updates that must be stored as sent.</summary>
public static class TelegramUpdateCases
{
    private const string Mona = """{"id":555000111,"is_bot":false,"first_name":"منى"}""";
    private const string Chat = """{"id":555000111,"first_name":"منى","type":"private"}""";
    private const string RecordedMona = """{"id":555000111,"is_bot":false,"first_name":"منى","last_name":"سعيد","language_code":"ar"}""";

    /// <summary>UpdateTypes: every other kind of update: answered 200, nothing stored.</summary>
    public static IEnumerable<HostileCase> UpdateTypes()
    {
        var id = 1000;
        var message = $$$$"""{"message_id":5,"from":{{{{Mona}}}},"chat":{{{{Chat}}}},"date":1764396000,"text":"hi"}""";
        var channelPost = """{"message_id":5,"chat":{"id":-1009876543210,"title":"news","type":"channel"},"date":1764396000,"text":"hi"}""";
        (string Kind, string Body)[] kinds =
        [
            ("edited_message", message),
            ("channel_post", channelPost),
            ("edited_channel_post", channelPost),
            ("business_message", message),
            ("edited_business_message", message),
            ("deleted_business_messages", $$$$"""{"business_connection_id":"b","chat":{{{{Chat}}}},"message_ids":[1,2]}"""),
            ("business_connection", $$$$"""{"id":"b","user":{{{{Mona}}}},"user_chat_id":555000111,"date":1764396000,"is_enabled":true}"""),
            ("inline_query", $$$$"""{"id":"iq","from":{{{{Mona}}}},"query":"انضم","offset":""}"""),
            ("chosen_inline_result", $$$$"""{"result_id":"r","from":{{{{Mona}}}},"query":"q"}"""),
            ("shipping_query", $$$$"""{"id":"s","from":{{{{Mona}}}},"invoice_payload":"p","shipping_address":{"country_code":"EG","state":"","city":"Minya","street_line1":"x","street_line2":"","post_code":"61111"}}"""),
            ("pre_checkout_query", $$$$"""{"id":"p","from":{{{{Mona}}}},"currency":"EGP","total_amount":100,"invoice_payload":"p"}"""),
            ("purchased_paid_media", $$$$"""{"from":{{{{Mona}}}},"paid_media_payload":"p"}"""),
            ("poll", """{"id":"poll","question":"?","options":[{"text":"a","voter_count":1}],"total_voter_count":1,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}"""),
            ("poll_answer", $$$$"""{"poll_id":"poll","user":{{{{Mona}}}},"option_ids":[0]}"""),
            ("my_chat_member", $$$$"""{"chat":{{{{Chat}}}},"from":{{{{Mona}}}},"date":1764396000,"old_chat_member":{"status":"member","user":{{{{Mona}}}}},"new_chat_member":{"status":"kicked","user":{{{{Mona}}}},"until_date":0}}"""),
            ("chat_member", $$$$"""{"chat":{{{{Chat}}}},"from":{{{{Mona}}}},"date":1764396000,"old_chat_member":{"status":"left","user":{{{{Mona}}}}},"new_chat_member":{"status":"member","user":{{{{Mona}}}}}}"""),
            ("chat_join_request", $$$$"""{"chat":{"id":-100123,"title":"g","type":"supergroup"},"from":{{{{Mona}}}},"user_chat_id":555000111,"date":1764396000}"""),
            ("message_reaction", $$$$"""{"chat":{{{{Chat}}}},"message_id":5,"user":{{{{Mona}}}},"date":1764396000,"old_reaction":[],"new_reaction":[{"type":"emoji","emoji":"👍"}]}"""),
            ("message_reaction_count", $$$$"""{"chat":{{{{Chat}}}},"message_id":5,"date":1764396000,"reactions":[]}"""),
            ("chat_boost", """{"chat":{"id":-100123,"title":"g","type":"channel"},"boost":{"boost_id":"b","add_date":1,"expiration_date":2,"source":{"source":"premium","user":{"id":1,"is_bot":false,"first_name":"x"}}}}"""),
            ("removed_chat_boost", """{"chat":{"id":-100123,"title":"g","type":"channel"},"boost_id":"b","remove_date":1,"source":{"source":"premium","user":{"id":1,"is_bot":false,"first_name":"x"}}}"""),
        ];
        foreach (var (kind, body) in kinds)
            yield return Skipped("update type " + kind, $$$$"""{"update_id":{{{{id++}}}},"{{{{kind}}}}":{{{{body}}}}}""");
    }

    /// <summary>OddButValid: updates that look odd but are Telegram's: answered 200 and stored once, with the text they carry.</summary>
    public static IEnumerable<HostileCase> OddButValid()
    {
        var id = 2000;
        foreach (var (name, text) in OddTexts()) yield return Stored("text: " + name, Body(RecordedUpdates.Text(id++, text)), text);
        yield return Stored("text of 4096 Arabic letters", Body(RecordedUpdates.Text(id++, new string('ش', 4096))), new string('ش', 4096));
        yield return Stored("text of 200000 Arabic letters", Body(RecordedUpdates.Text(id++, new string('ش', 200_000))), new string('ش', 200_000));
        yield return Stored("empty text", Body(RecordedUpdates.Text(id++, "")), "");
        yield return Stored("escaped NUL in the text", Body(RecordedUpdates.Text(id++, "a\0b")), "a\0b");
        yield return Stored("start with a 60000-character payload", Body(RecordedUpdates.Start(id++, new string('p', 60_000))), "/start");
        yield return Stored("start addressed to another bot", Body(RecordedUpdates.Text(id++, "/start@SomeOtherBot src_x")), "/start");
        yield return Stored("sender name of 60000 characters", Body(RecordedUpdates.Text(id++, "hi").Replace("\"first_name\":\"منى\"", "\"first_name\":\"" + new string('n', 60_000) + "\"", StringComparison.Ordinal)), "hi");
        yield return Stored("message without a sender", Body(RecordedUpdates.Text(id++, "hi").Replace("\"from\":" + RecordedMona + ",", "", StringComparison.Ordinal)), "hi");
        yield return Stored("update_id zero", Body(RecordedUpdates.Text(0, "zero", messageId: id++)), "zero");
        yield return Stored("update_id negative", Body(RecordedUpdates.Text(-5, "negative", messageId: id++)), "negative");
        yield return Stored("unknown fields everywhere", Body(RecordedUpdates.Text(id++, "hi").Replace("\"date\":", "\"future_field\":{\"x\":[1,2]},\"date\":", StringComparison.Ordinal)), "hi");
        yield return Stored("message and callback in one update", Body(RecordedUpdates.Text(id++, "first").TrimEnd()[..^1] + ",\"callback_query\":{\"id\":\"77\",\"from\":" + Mona + ",\"data\":\"second\"}}"), "first");
        yield return Stored("application/json with a charset", () => Update(Utf8(RecordedUpdates.Text(2100, "charset")), "application/json; charset=utf-8"), "charset");
        yield return Stored("group message", Body(RecordedUpdates.Group(id++)), "عايز اسجل");
        yield return Stored("sticker", Body(RecordedUpdates.Sticker(id++)), "");
        yield return Stored("photo with a caption", Body(RecordedUpdates.Photo(id++)), "");
        yield return Stored("voice", Body(RecordedUpdates.Voice(id++)), "");
        yield return Stored("location", Body(Media(id++, "\"location\":{\"latitude\":28.1,\"longitude\":30.7}")), "");
        yield return Stored("dice", Body(Media(id++, "\"dice\":{\"emoji\":\"🎲\",\"value\":6}")), "");
        yield return Stored("document", Body(Media(id++, "\"document\":{\"file_id\":\"d\",\"file_unique_id\":\"u\",\"file_name\":\"cv.pdf\"}")), "");
        yield return Stored("own contact with a malformed number", Body(RecordedUpdates.OwnContact(id++, "+")), "");
        yield return Stored("own contact with 30 digits", Body(RecordedUpdates.OwnContact(id++, new string('9', 30))), "");
        yield return Stored("somebody else's contact", Body(RecordedUpdates.OthersContact(id++)), "");
        yield return Stored("callback data of 64 bytes", Body(RecordedUpdates.Callback(id++, new string('d', 64), queryId: "880064")), new string('d', 64));
        yield return Stored("callback data of 5000 characters", Body(RecordedUpdates.Callback(id++, new string('d', 5000), queryId: "885000")), new string('d', 5000));
        yield return Stored("callback with empty data", Body(RecordedUpdates.Callback(id++, "", queryId: "880000")), "");
        yield return Stored("callback on an inline message (no chat)", Body($$$$"""{"update_id":{{{{id++}}}},"callback_query":{"id":"881111","from":{{{{Mona}}}},"inline_message_id":"AAA","chat_instance":"1","data":"MN"}}"""), "MN");
        // Redeliveries: the same message or press again, under the same or a new update_id, is answered 200 and stored once.
        yield return Stored("a message to be redelivered", Body(RecordedUpdates.Text(2200, "مرة", messageId: 2200)), "مرة");
        yield return Skipped("the same update again", RecordedUpdates.Text(2200, "مرة", messageId: 2200));
        yield return Skipped("the same message under a new update_id", RecordedUpdates.Text(2201, "مرة", messageId: 2200));
        yield return Stored("another message under the old update_id", Body(RecordedUpdates.Text(2200, "مرتين", messageId: 2202)), "مرتين");
        yield return Stored("a press to be redelivered", Body(RecordedUpdates.Callback(2203, "1", queryId: "882203")), "1");
        yield return Skipped("the same press under a new update_id", RecordedUpdates.Callback(2204, "1", queryId: "882203"));
    }

    private static Func<HttpRequestMessage> Body(string json) => () => Update(Utf8(json));

    private static string Media(int id, string field) =>
        $$$$"""{"update_id":{{{{id}}}},"message":{"message_id":{{{{id}}}},"from":{{{{Mona}}}},"chat":{{{{Chat}}}},"date":1764396000,{{{{field}}}}}}""";
}

namespace OutreachBot.Bot.Tests.Telegram.Updates;

/// <summary>RecordedUpdates: Bot API update bodies as Telegram sends them (shape recorded from real updates, ids and names changed).</summary>
/// <remarks>
/// Each takes the update id, so a test can queue a sequence; the message id is the update id unless given, since the
/// channel dedupes on chat and message id. Person 555000111 ("Mona") writes to the bot privately.
/// </remarks>
public static class RecordedUpdates
{
    public const long MonaId = 555000111;
    public const long GroupId = -1001234567890;

    private const string Mona = """{"id":555000111,"is_bot":false,"first_name":"منى","last_name":"سعيد","language_code":"ar"}""";
    private const string MonaChat = """{"id":555000111,"first_name":"منى","last_name":"سعيد","type":"private"}""";

    public const string CallbackQueryId = "2383719187316283712";

    public static string Text(int updateId, string text, int? messageId = null) => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{messageId ?? updateId}}}},"from":{{{{Mona}}}},"chat":{{{{MonaChat}}}},"date":1764396000,"text":{{{{Json(text)}}}}}}
        """;

    /// <summary>TextInChat: a text message from person <paramref name="chatId"/> in their private chat with the bot.</summary>
    public static string TextInChat(int updateId, long chatId, string text) => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"from":{"id":{{{{chatId}}}},"is_bot":false,"first_name":"منى","language_code":"ar"},"chat":{"id":{{{{chatId}}}},"first_name":"منى","type":"private"},"date":1764396000,"text":{{{{Json(text)}}}}}}
        """;

    public static string Start(int updateId, string payload) => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"from":{{{{Mona}}}},"chat":{{{{MonaChat}}}},"date":1764396000,"text":{{{{Json("/start " + payload)}}}},"entities":[{"offset":0,"length":6,"type":"bot_command"}]}}
        """;

    /// <summary>OwnContact: what the request_contact button sends; Telegram gives the number without '+'.</summary>
    public static string OwnContact(int updateId, string phoneDigits = "201001234567") => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"from":{{{{Mona}}}},"chat":{{{{MonaChat}}}},"date":1764396060,"contact":{"phone_number":"{{{{phoneDigits}}}}","first_name":"منى","last_name":"سعيد","user_id":555000111}}}
        """;

    /// <summary>OthersContact: a contact card of somebody else, forwarded from the address book.</summary>
    public static string OthersContact(int updateId) => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"from":{{{{Mona}}}},"chat":{{{{MonaChat}}}},"date":1764396060,"contact":{"phone_number":"+201112223334","first_name":"Ahmed","user_id":777000222}}}
        """;

    public static string Callback(int updateId, string data, string queryId = CallbackQueryId) => $$$$"""
        {"update_id":{{{{updateId}}}},"callback_query":{"id":"{{{{queryId}}}}","from":{{{{Mona}}}},"message":{"message_id":20,"from":{"id":7000000001,"is_bot":true,"first_name":"Outreach","username":"OutreachEgBot"},"chat":{{{{MonaChat}}}},"date":1764396000,"text":"اختار محافظتك"},"chat_instance":"-4421337155460873901","data":{{{{Json(data)}}}}}}
        """;

    public static string Edited(int updateId) => $$$$"""
        {"update_id":{{{{updateId}}}},"edited_message":{"message_id":10,"from":{{{{Mona}}}},"chat":{{{{MonaChat}}}},"date":1764396000,"edit_date":1764396100,"text":"المنيا"}}
        """;

    public static string Group(int updateId) => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"from":{{{{Mona}}}},"chat":{"id":-1001234567890,"title":"متطوعين المنيا","type":"supergroup"},"date":1764396000,"text":"عايز اسجل"}}
        """;

    public static string Sticker(int updateId) => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"from":{{{{Mona}}}},"chat":{{{{MonaChat}}}},"date":1764396000,"sticker":{"file_id":"CAACAgIAAxkBAAEBQ2ZnZ","file_unique_id":"AgADxQADVp29Cg","type":"regular","width":512,"height":512,"emoji":"👍","is_animated":true,"is_video":false,"file_size":14000}}}
        """;

    public static string Photo(int updateId) => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"from":{{{{Mona}}}},"chat":{{{{MonaChat}}}},"date":1764396000,"photo":[{"file_id":"AgACAgQAAxkBAAIBV2","file_unique_id":"AQADu7ExG","file_size":1322,"width":90,"height":67},{"file_id":"AgACAgQAAxkBAAIBV3","file_unique_id":"AQADu7ExH","file_size":43000,"width":800,"height":600}],"caption":"دي صورتي"}}
        """;

    public static string Voice(int updateId) => $$$$"""
        {"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"from":{{{{Mona}}}},"chat":{{{{MonaChat}}}},"date":1764396000,"voice":{"duration":4,"mime_type":"audio/ogg","file_id":"AwACAgQAAxkBAAIBWG","file_unique_id":"AgADvBQ","file_size":12000}}}
        """;

    /// <summary>UnknownType: an update kind newer than the library knows.</summary>
    public static string UnknownType(int updateId) => $$$$"""{"update_id":{{{{updateId}}}},"purchased_paid_media_v2":{"from":{{{{Mona}}}},"payload":"x"}}""";

    /// <summary>Unparseable: a field with the wrong JSON type.</summary>
    public static string Unparseable(int updateId) => $$$$"""{"update_id":{{{{updateId}}}},"message":{"message_id":"ten","chat":{{{{MonaChat}}}},"date":1764396000,"text":"hi"}}""";

    /// <summary>MissingChat: a message without its chat.</summary>
    public static string MissingChat(int updateId) => $$$$"""{"update_id":{{{{updateId}}}},"message":{"message_id":{{{{updateId}}}},"date":1764396000,"text":"hi"}}""";

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value,
        new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

using System.Text.Json;
using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Postgres;

/// <summary>PgDocuments: how a contact and a session are kept whole in a jsonb column.</summary>
/// <remarks>Times keep their offset and full precision (System.Text.Json writes ISO 8601 with ticks), so nothing the flow set is lost.</remarks>
public static class PgDocuments
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Write(Contact contact) => PgText.StorableJson(JsonSerializer.Serialize(contact, Options));

    public static string Write(Session session) => PgText.StorableJson(JsonSerializer.Serialize(session, Options));

    public static Contact ReadContact(string json) => JsonSerializer.Deserialize<Contact>(json, Options)
        ?? throw new InvalidDataException("A stored contact is null.");

    public static Session ReadSession(string json) => JsonSerializer.Deserialize<Session>(json, Options)
        ?? throw new InvalidDataException("A stored session is null.");
}

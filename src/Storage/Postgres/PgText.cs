namespace OutreachBot.Storage.Postgres;

/// <summary>PgText: PostgreSQL's text and jsonb cannot hold U+0000, which a hostile or broken sender can put in a message.</summary>
/// <remarks>
/// Refusing such a message would make its provider resend it for ever; so each NUL is kept as U+2400 (SYMBOL FOR
/// NULL, «␀»), visibly, and nothing else changes. No channel gives NUL a meaning.
/// </remarks>
internal static class PgText
{
    public const char Nul = '\0';
    public const char NulSymbol = '\u2400';

    /// <summary>Storable returns <paramref name="text"/> with every NUL replaced by ␀.</summary>
    public static string Storable(string text) => text.Contains(Nul) ? text.Replace(Nul, NulSymbol) : text;

    /// <summary>StorableJson: the same for JSON text, where a NUL is written as the escape \u0000.</summary>
    public static string StorableJson(string json) => json.Contains("\\u0000", StringComparison.Ordinal) ? json.Replace("\\u0000", "\\u2400", StringComparison.Ordinal) : json;
}

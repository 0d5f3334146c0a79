using System.Text.Json;

namespace OutreachBot.Flows.Content;

/// <summary>ContentFingerprint: whether two loads of one id and version say the same thing (comments and layout aside).</summary>
internal static class ContentFingerprint
{
    public static bool Same(QuizContent a, QuizContent b) => Text(a with { File = "" }) == Text(b with { File = "" });

    private static string Text(QuizContent c) => JsonSerializer.Serialize(c);
}

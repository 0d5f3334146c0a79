namespace OutreachBot.Bot.Content;

/// <summary>ContentOptions: where the quiz and poll files are (configuration section "Content").</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>The content folder (with quizzes/ and polls/). A relative path is looked for in the working directory, then above the host's content root.</summary>
    public string Path { get; set; } = "content";

    /// <summary>How long the folder must stay quiet after a change before it is read again (an editor saves in several writes).</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Watch the folder and reload on changes; off, only the reload endpoint and a restart read it again.</summary>
    public bool Watch { get; set; } = true;
}

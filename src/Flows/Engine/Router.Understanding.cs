using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Engine;

/// <summary>Router (understanding): keywords and start words in Franco-Arabic, and intents said in the person's own words.</summary>
internal sealed partial class Router
{
    private bool Understands => turn.Options.Understanding;

    /// <summary>Keyword: the global keyword the whole message is, as typed or read from Franco-Arabic.</summary>
    private GlobalKeyword Keyword()
    {
        var keyword = Keywords.Classify(turn.Normalized);
        if (keyword != GlobalKeyword.None || !Understands) return keyword;
        foreach (var reading in turn.Heard.Franco.Phrases)
            if ((keyword = Keywords.Classify(reading)) != GlobalKeyword.None) return keyword;
        return GlobalKeyword.None;
    }

    /// <summary>StartWord: the flow whose start word the whole message is, as typed or read from Franco-Arabic («endam» is «انضم»).</summary>
    private IFlow? StartWord() => turn.Read(registry.ByStartWord);

    /// <summary>Understood: a message outside any flow that is no keyword or menu entry: its intent phrase, else the menu as always.</summary>
    private void Understood()
    {
        var intent = Understands ? registry.Intents.Find(turn.Heard) : null;
        switch (intent)
        {
            case Intents.Help: Honour(GlobalKeyword.Help, null); break;
            case Intents.English: Honour(GlobalKeyword.English, null); break;
            case Intents.Arabic: Honour(GlobalKeyword.Arabic, null); break;
            case Intents.About: menu.Show(turn.T("about")); break;
            case { } name when registry.ByName(name) is { } flow: flows.Start(flow, null); break;
            default: menu.Show(null); break;
        }
    }
}

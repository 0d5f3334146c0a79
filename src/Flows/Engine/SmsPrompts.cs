using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Registry;
using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Engine;

/// <summary>SmsPrompts: every text the engine can send on SMS, so a test can hold each to the segment budget.</summary>
public static class SmsPrompts
{
    /// <summary>All: all resource texts (formatted with a long volunteer number), the menu, and every sign-up prompt as rendered for SMS.</summary>
    public static IReadOnlyList<string> All(string language) => All(language, FlowRegistry.Standard());

    /// <summary>All: as above, with the menu and HELP of <paramref name="registry"/>.</summary>
    public static IReadOnlyList<string> All(string language, FlowRegistry registry)
    {
        var texts = new List<string>();
        // Every placeholder gets the long volunteer number (texts have at most three), so each is counted at its longest.
        var longest = VolunteerNumber.For(99_999_999);
        foreach (var key in Texts.AllKeys) texts.Add(Texts.Get(key, language, longest, longest, longest));
        foreach (var registered in new[] { false, true })
        {
            var contact = new Contact { Language = language, VolunteerNumber = VolunteerNumber.For(99_999_999) };
            if (registered) contact.RegisteredAt = DateTimeOffset.UnixEpoch;
            var turn = new Turn(contact, new Session(), new Inbound("", InboundKind.Text, "sms", ChannelTraits.Sms),
                DateTimeOffset.UnixEpoch, new EngineOptions());
            var menu = new Menu(turn, registry);
            menu.Greet();
            foreach (var flow in registry.Flows)
            {
                menu.Show(turn.T("left_flow", flow.Title(turn.Language)));
                turn.Ask(turn.T("parked_resume", flow.Title(turn.Language)), YesNo.Labels(language));
                turn.Ask(turn.T("offer_flow", flow.Title(turn.Language)), YesNo.Labels(language));
            }
            menu.Show(turn.T("language_set"));
            turn.Say(menu.HelpText());
            texts.AddRange(turn.Replies.Select(r => r.Text));
        }
        texts.AddRange(SignUpFlow.RenderAll(ChannelTraits.Sms, language).Select(r => r.Text));
        return texts;
    }
}

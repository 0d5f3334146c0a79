using OutreachBot.Flows.Model;
using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Engine;

/// <summary>SmsPrompts: every text the engine can send on SMS, so a test can hold each to the segment budget.</summary>
public static class SmsPrompts
{
    /// <summary>All: all resource texts (formatted with a long volunteer number), the menu, and every sign-up prompt as rendered for SMS.</summary>
    public static IReadOnlyList<string> All(string language)
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
            Menu.Greet(turn);
            Menu.Show(turn, turn.T("left_flow"));
            Menu.Show(turn, turn.T("language_set"));
            texts.AddRange(turn.Replies.Select(r => r.Text));
        }
        texts.AddRange(SignUpFlow.RenderAll(ChannelTraits.Sms, language).Select(r => r.Text));
        return texts;
    }
}

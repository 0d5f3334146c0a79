using System.Text;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow (prompts): renders each step's question or re-prompt for the contact's channel and language.</summary>
public sealed partial class SignUpFlow
{
    private string T(string key, params object[] args) => turn.T(key, args);

    private void Prompt(State state) => Render(state,
        state == State.Registered ? T("registered", turn.Contact.VolunteerNumber ?? "") : T(QuestionKey(state)), isRetry: false);

    private void Reprompt(string errorKey) => Render(Current, T(errorKey), isRetry: true);

    private void Render(State state, string text, bool isRetry)
    {
        var lang = turn.Language;
        switch (state)
        {
            case State.Language: turn.Ask(text, ChoiceSets.Labels(ChoiceSets.Languages, lang)); break;
            case State.FullName or State.Village: turn.Say(text, KeyboardAction.Remove); break;
            case State.Governorate when turn.Traits.IsSms:
                // SMS is paid per segment: ask for the name; the numbered list goes out after the first failure
                // or on request ("0"), not again on every later failure.
                if (isRetry && turn.Session.Attempts <= 1) SendGovernorateList(text);
                else turn.Say(isRetry ? T("bad_governorate_sms_again") : text, KeyboardAction.Remove);
                break;
            case State.Governorate: turn.Ask(text, [.. Governorates.All.Select(g => g.Label(lang))], perRow: 3); break;
            case State.Phone when turn.Traits.CanShareContact: turn.Say(new Reply(text, Keyboard: KeyboardAction.RequestPhone)); break;
            case State.Phone: turn.Say(text, KeyboardAction.Remove); break;
            case State.AgeBand: turn.Ask(text, ChoiceSets.Labels(ChoiceSets.AgeBands, lang)); break;
            case State.Gender: turn.Ask(text, ChoiceSets.Labels(ChoiceSets.Genders, lang)); break;
            case State.Interests: turn.Ask(text, ChoiceSets.Labels(ChoiceSets.Interests, lang)); break;
            case State.Availability: turn.Ask(text, ChoiceSets.Labels(ChoiceSets.Availability, lang)); break;
            case State.Consent: turn.Ask(text, ChoiceSets.Labels(ChoiceSets.Consent, lang)); break;
            case State.Summary: AskSummary(text); break;
            case State.EditField: turn.Ask(text, [.. EditableFields.Select(f => f.Option.Label(lang))]); break;
            case State.Resume: turn.Ask(text, ChoiceSets.Labels(ResumeActions, lang)); break;
            default: turn.Say(text, KeyboardAction.Remove); break;
        }
    }

    private void AskSummary(string question)
    {
        var reply = ChoicePrompt.Render(SummaryText() + "\n" + question, ChoiceSets.Labels(SummaryActions, turn.Language), turn.Traits);
        if (!turn.Traits.IsSms) { turn.Say(reply); return; }
        // Names and villages make the summary long: on SMS it goes out in parts, each within the budget.
        foreach (var part in SmsBudget.SplitByLines(reply.Text)) turn.Say(part);
    }

    private void SendGovernorateList(string header)
    {
        var list = ChoicePrompt.NumberedList([.. Governorates.All.Select(g => g.Label(turn.Language))]);
        foreach (var part in SmsBudget.SplitByLines(header + "\n" + list)) turn.Say(part, KeyboardAction.Remove);
    }

    private void AskAmongGovernorates(IReadOnlyList<Governorate> candidates)
    {
        var lang = turn.Language;
        if (turn.Traits.HasButtons)
        {
            turn.Say(new Reply(T("governorate_ambiguous"), [.. candidates.Select(g => g.Label(lang))], 3));
            return;
        }
        // Candidates keep their number from the full list, so "17" means Minya whatever was shown.
        var lines = candidates.Select(g => $"{IndexOf(g) + 1}- {g.Label(lang)}");
        turn.Say(T("governorate_ambiguous") + "\n" + string.Join('\n', lines));
    }

    private static int IndexOf(Governorate g)
    {
        for (var i = 0; i < Governorates.All.Count; i++) if (Governorates.All[i] == g) return i;
        return -1;
    }

    private string SummaryText()
    {
        var lang = turn.Language;
        var separator = lang == Languages.English ? ", " : "، ";
        var sb = new StringBuilder(T(ProfileMode ? "profile_header" : "summary_header"));
        void Line(State field, string? value)
        {
            if (!string.IsNullOrEmpty(value)) sb.Append('\n').Append(T(FieldLabelKey(field))).Append(": ").Append(value);
        }
        string Several(IReadOnlyList<ChoiceOption> set, string key) => string.Join(separator,
            ProfileFields.List(Answers.GetValueOrDefault(key)).Select(code => ChoiceSets.LabelOf(set, code, lang)));

        Line(State.FullName, Answers.GetValueOrDefault(AnswerKeys.Name));
        Line(State.Governorate, Governorates.ByCode(Answers.GetValueOrDefault(AnswerKeys.Governorate))?.Label(lang));
        Line(State.Village, Answers.GetValueOrDefault(AnswerKeys.Village));
        Line(State.Phone, PhoneValidator.National(Answers.GetValueOrDefault(AnswerKeys.Phone)));
        Line(State.AgeBand, Answers.TryGetValue(AnswerKeys.AgeBand, out var age) ? ChoiceSets.LabelOf(ChoiceSets.AgeBands, age, lang) : null);
        Line(State.Gender, Answers.TryGetValue(AnswerKeys.Gender, out var gender) ? ChoiceSets.LabelOf(ChoiceSets.Genders, gender, lang) : null);
        Line(State.Interests, Several(ChoiceSets.Interests, AnswerKeys.Interests));
        Line(State.Availability, Several(ChoiceSets.Availability, AnswerKeys.Availability));
        return sb.ToString();
    }

    private string QuestionKey(State state) => state switch
    {
        State.Language => "ask_language",
        State.FullName => "ask_name",
        State.Governorate => turn.Traits.IsSms ? "ask_governorate_sms" : "ask_governorate",
        State.Village => "ask_village",
        State.Phone => turn.Traits.CanShareContact ? "ask_phone_share" : "ask_phone",
        State.AgeBand => "ask_age",
        State.Gender => "ask_gender",
        State.Interests => "ask_interests",
        State.Availability => "ask_availability",
        State.Consent => "ask_consent",
        State.Summary => ProfileMode ? "profile_question" : "summary_question",
        State.EditField => "ask_edit_field",
        State.Resume => "resume_prompt",
        State.Registered => "registered",
        State.Refused => "consent_refused",
        _ => "profile_closed",
    };

    private string ErrorKey(State state) => state == State.Governorate && turn.Traits.IsSms
        ? "bad_governorate_sms"
        : "bad_" + Snake(state);

    private static string HintKey(State state) => "hint_" + Snake(state);

    private static string Snake(State state) => state switch
    {
        State.FullName => "name",
        State.AgeBand => "age",
        State.EditField => "edit_field",
        _ => state.ToString().ToLowerInvariant(),
    };
}

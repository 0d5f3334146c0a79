using System.Text;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow (prompts): renders each step's question or re-prompt for the contact's channel and language.</summary>
public sealed partial class SignUpFlow
{
    private string T(string key, params object[] args) => turn.T(key, args);

    private void Prompt(State state) => Render(state, state switch
    {
        State.Registered => T("registered", turn.Contact.VolunteerNumber ?? ""),
        State.VerifyCode => T("ask_code", PhoneValidator.National(Answers.GetValueOrDefault(AnswerKeys.VerifyPhone)) ?? ""),
        State.ConfirmChange => ConfirmChangeQuestion(),
        State.ConfirmPlace => PlaceQuestion(),
        State.Village when SuggestedPlace() is { } place => T("ask_village_place", place.Label(turn.Language)),
        _ => T(QuestionKey(state)),
    }, isRetry: false);

    private void Reprompt(string errorKey) => Render(Current, T(errorKey), isRetry: true);

    private void Render(State state, string text, bool isRetry)
    {
        var lang = turn.Language;
        switch (state)
        {
            case State.Language: turn.Ask(text, ChoiceSets.Labels(ChoiceSets.Languages, lang)); break;
            case State.Village when SuggestedPlace() is { } place: turn.Ask(text, [place.Label(lang)]); break;
            case State.FullName or State.Village: turn.Say(text, KeyboardAction.Remove); break;
            case State.ConfirmPlace: turn.Ask(text, YesNo.Labels(lang)); break;
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
            case State.VerifyCode: turn.Ask(text, ChoiceSets.Labels(CodeActions, lang)); break;
            case State.ConfirmChange: turn.Ask(text, ChoiceSets.Labels(ChangeActions, lang)); break;
            // The confirmation that the number stays opted out is the one message a stopped contact may still get.
            case State.OptedOut: turn.Say(new Reply(text, Keyboard: KeyboardAction.Remove, Purpose: ReplyPurpose.OptOutConfirmation)); break;
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
        var sb = new StringBuilder(T(ProfileMode ? "profile_header" : "summary_header"));
        void Line(string labelKey, string? value)
        {
            if (!string.IsNullOrEmpty(value)) sb.Append('\n').Append(T(labelKey)).Append(": ").Append(value);
        }
        foreach (var key in ProfileFields.Keys)
        {
            Line(FieldLabelKey(FieldOf(key)), Display(key, Answers.GetValueOrDefault(key)));
            if (key == AnswerKeys.Village)
            {
                Line(FieldLabelKey(State.Phone), PhoneValidator.National(Answers.GetValueOrDefault(AnswerKeys.Phone)));
                Line("field_phone_unverified", PhoneValidator.National(Answers.GetValueOrDefault(AnswerKeys.PhoneUnverified)));
            }
        }
        return sb.ToString();
    }

    /// <summary>Display: a stored answer as the person reads it (labels for codes, lists joined), or null when empty.</summary>
    private string? Display(string key, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var lang = turn.Language;
        var separator = lang == Languages.English ? ", " : "، ";
        string Several(IReadOnlyList<ChoiceOption> set) =>
            string.Join(separator, ProfileFields.List(value).Select(code => ChoiceSets.LabelOf(set, code, lang)));
        return key switch
        {
            AnswerKeys.Governorate => Governorates.ByCode(value)?.Label(lang),
            AnswerKeys.AgeBand => ChoiceSets.LabelOf(ChoiceSets.AgeBands, value, lang),
            AnswerKeys.Gender => ChoiceSets.LabelOf(ChoiceSets.Genders, value, lang),
            AnswerKeys.Interests => Several(ChoiceSets.Interests),
            AnswerKeys.Availability => Several(ChoiceSets.Availability),
            _ => value,
        };
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
        State.VerifyCode => "ask_code",
        State.ConfirmChange => "confirm_change",
        State.ConfirmPlace => "place_confirm",
        State.OptedOut => "phone_owner_stopped",
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
        State.VerifyCode => "verify_code",
        State.ConfirmChange => "confirm_change",
        State.ConfirmPlace => "confirm_place",
        _ => state.ToString().ToLowerInvariant(),
    };
}

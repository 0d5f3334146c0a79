using System.Globalization;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow (summary): confirming, editing one field, resuming, and the registration itself.</summary>
public sealed partial class SignUpFlow
{
    /// <summary>SummaryActions: choices under the summary: confirm/edit while signing up, edit/done for a registered profile.</summary>
    private IReadOnlyList<ChoiceOption> SummaryActions => ProfileMode
        ? [new("edit", "summary_edit", ["edit", "تعديل", "عدل"]), new("done", "profile_done", ["done", "خلاص", "تمام"])]
        : [new("confirm", "summary_confirm", ["confirm", "yes", "ok", "تاكيد", "اكد", "تمام", "نعم", "اه"]), new("edit", "summary_edit", ["edit", "تعديل", "عدل"])];

    private static readonly IReadOnlyList<ChoiceOption> ResumeActions =
        [new("resume", "resume_continue", ["resume", "continue", "كمل", "اكمل"]), new("restart", "resume_restart", ["restart", "من الاول", "ابدا من الاول"])];

    /// <summary>EditableFields: fields offered for editing; the phone only where the channel does not vouch for it.</summary>
    private IReadOnlyList<(State Field, ChoiceOption Option)> EditableFields =>
        [.. FieldStates.Where(f => f != State.Phone || NeedsPhone)
            .Select(f => (f, new ChoiceOption(f.ToString(), FieldLabelKey(f), [])))];

    private void AnswerSummary()
    {
        switch (Chosen(SummaryActions)?.Code)
        {
            case "confirm":
                Register();
                // A new volunteer is asked whether to take a quiz now; the engine drops the offer where no quiz flow is registered.
                turn.OfferNext(Quiz.QuizFlowDefinition.QuizName);
                Fire(Trigger.Confirm);
                break;
            case "edit": Fire(Trigger.Edit); break;
            case "done": Fire(Trigger.Leave); break;
            default: Fail(); break;
        }
    }

    private void AnswerEditField()
    {
        var fields = EditableFields;
        var picked = ChoiceParser.Single(turn.Normalized, [.. fields.Select(f => f.Option)]);
        if (picked is null) { Fail(); return; }
        chosen = fields.First(f => f.Option == picked).Field;
        Answers[AnswerKeys.Editing] = "1";
        Fire(Trigger.PickField);
    }

    private void AnswerResume()
    {
        switch (ChoiceParser.Single(turn.Normalized, ResumeActions)?.Code)
        {
            case "resume":
                chosen = ParseState(Answers.GetValueOrDefault(AnswerKeys.ResumeAt)) is { } at && ResumableStates.Contains(at) ? at : State.Language;
                Answers.Remove(AnswerKeys.ResumeAt);
                Fire(Trigger.Resume);
                break;
            case "restart":
                Answers.Clear();
                Fire(Trigger.Restart);
                break;
            default: Fail(); break;
        }
    }

    /// <summary>Register: the confirmed answers become the volunteer profile, with consent and a volunteer number.</summary>
    private void Register()
    {
        var contact = turn.Contact;
        ProfileFields.Apply(Answers, contact);
        var consentAt = DateTimeOffset.TryParse(Answers.GetValueOrDefault(AnswerKeys.ConsentAt), CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var at) ? at : turn.Now;
        contact.Consent = ConsentRecord(accepted: true, consentAt);
        contact.RegisteredAt = turn.Now;
        contact.VolunteerNumber = VolunteerNumber.For(contact.Id);
    }

    private ConsentRecord ConsentRecord(bool accepted, DateTimeOffset at) => new()
    {
        Accepted = accepted,
        At = at,
        TextVersion = turn.Options.ConsentTextVersion,
        Channel = turn.Inbound.Channel,
    };

    /// <summary>Fail: counts a failed attempt, re-prompts saying what is expected, and offers help every third failure.</summary>
    private void Fail(string? errorKey = null) => Retries.Failed(turn, () => Reprompt(errorKey ?? ErrorKey(Current)), () => T(HintKey(Current)));

    private void OfferHelpIfDue() => Retries.OfferHelpIfDue(turn, () => T(HintKey(Current)));

    private static string FieldLabelKey(State field) => field switch
    {
        State.FullName => "field_name",
        State.Governorate => "field_governorate",
        State.Village => "field_village",
        State.Phone => "field_phone",
        State.AgeBand => "field_age",
        State.Gender => "field_gender",
        State.Interests => "field_interests",
        _ => "field_availability",
    };
}

using System.Globalization;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow (answers): reads one answer for the current step, stores it and moves on, or re-prompts.</summary>
public sealed partial class SignUpFlow
{
    /// <summary>Start: begins sign-up, or shows a registered volunteer's profile with the option to update it.</summary>
    internal void Start()
    {
        turn.Session.Flow = FlowName;
        turn.Session.Answers.Clear();
        turn.Session.Attempts = 0;
        if (turn.Contact.RegisteredAt is not null)
        {
            ProfileFields.Seed(Answers, turn.Contact);
            Answers[AnswerKeys.Profile] = "1";
            turn.Session.State = State.Summary.ToString();
        }
        else
        {
            turn.Session.State = State.Language.ToString();
        }
        Prompt(Current);
    }

    /// <summary>Reprompt: asks the current step's question again (after help, /start, JOIN inside the flow).</summary>
    internal void Reprompt() => Prompt(Current);

    /// <summary>LanguageChanged: the contact switched language; on the language step that is the answer.</summary>
    internal void LanguageChanged()
    {
        if (Current == State.Language)
        {
            Answers[AnswerKeys.Language] = turn.Language;
            Fire(Trigger.Next);
        }
        else Prompt(Current);
    }

    /// <summary>OfferResume: the session lapsed; ask whether to resume or restart. False when there is nothing to resume.</summary>
    internal bool OfferResume()
    {
        if (ProfileMode || IsFinished) return false;
        if (Current != State.Resume) Answers[AnswerKeys.ResumeAt] = Current.ToString();
        turn.Session.State = State.Resume.ToString();
        turn.Session.Attempts = 0;
        Prompt(State.Resume);
        return true;
    }

    /// <summary>Handle: one answer to the current step.</summary>
    internal void Handle()
    {
        if (Keywords.IsBack(turn.Normalized)) { GoBack(); return; }
        switch (Current)
        {
            case State.Language: Choose(ChoiceSets.Languages, o => { turn.Contact.Language = o.Code; Answers[AnswerKeys.Language] = o.Code; }); break;
            case State.FullName: AnswerName(); break;
            case State.Governorate: AnswerGovernorate(); break;
            case State.ConfirmPlace: AnswerConfirmPlace(); break;
            case State.Village: AnswerVillage(); break;
            case State.Phone: AnswerPhone(); break;
            case State.AgeBand: AnswerAge(); break;
            case State.Gender: Choose(ChoiceSets.Genders, o => Answers[AnswerKeys.Gender] = o.Code); break;
            case State.Interests: ChooseSeveral(ChoiceSets.Interests, AnswerKeys.Interests); break;
            case State.Availability: ChooseSeveral(ChoiceSets.Availability, AnswerKeys.Availability); break;
            case State.Consent: AnswerConsent(); break;
            case State.Summary: AnswerSummary(); break;
            case State.EditField: AnswerEditField(); break;
            case State.Resume: AnswerResume(); break;
            case State.VerifyCode: AnswerVerifyCode(); break;
            case State.ConfirmChange: AnswerConfirmChange(); break;
            default: Prompt(Current); break;
        }
    }

    private void GoBack()
    {
        turn.Session.Attempts = 0;
        if (Editing && FieldStates.Contains(Current))
        {
            Answers.Remove(AnswerKeys.Editing);
            Fire(Trigger.ToSummary);
        }
        else if (ProfileMode && Current == State.Summary) Fire(Trigger.Leave);
        else if (machine.CanFire(Trigger.Back)) Fire(Trigger.Back);
        else Prompt(Current);
    }

    /// <summary>Accepted: the step's answer is stored; go on, or back to the summary when one field was being edited.</summary>
    private void Accepted()
    {
        var editing = Editing && machine.CanFire(Trigger.ToSummary);
        Answers.Remove(AnswerKeys.Editing);
        if (!editing) { Fire(Trigger.Next); return; }
        if (ProfileMode) ProfileFields.Apply(Answers, turn.Contact);
        Fire(Trigger.ToSummary);
    }

    private void Choose(IReadOnlyList<ChoiceOption> set, Action<ChoiceOption> store)
    {
        if (Chosen(set) is not { } option) { Fail(); return; }
        store(option);
        Accepted();
    }

    /// <summary>Chosen: the option the whole message picks, as typed or read from Franco-Arabic («3arabi», «ragel», «tamam»).</summary>
    private ChoiceOption? Chosen(IReadOnlyList<ChoiceOption> set) => turn.Read(text => ChoiceParser.Single(text, set));

    private void ChooseSeveral(IReadOnlyList<ChoiceOption> set, string key)
    {
        if (ChoiceParser.Several(turn.Normalized, set) is not { } options) { Fail(); return; }
        Answers[key] = string.Join(',', options.Select(o => o.Code));
        Accepted();
    }

    private void AnswerName()
    {
        var name = ArabicNormalizer.Clean(turn.Inbound.Text);
        var letters = turn.Normalized.Replace("'", "").Replace("-", " ");
        var words = letters.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var valid = name.Length <= 60 && words.All(w => w.All(char.IsLetter)) && words.Count(w => w.Length >= 2) >= 2;
        if (!valid) { Fail(); return; }
        Answers[AnswerKeys.Name] = name;
        Accepted();
    }

    private void AnswerPhone()
    {
        if (turn.Inbound.Kind == InboundKind.SharedContact)
        {
            // Telegram fills ChannelPhone only when the shared card is the sender's own: the channel vouches for it.
            if (turn.Inbound.ChannelPhone is null) { Fail("phone_not_own"); return; }
            if (!PhoneValidator.TryEgyptianMobile(turn.Inbound.ChannelPhone, out var own)) { Fail(); return; }
            Proven(own, byCode: false);
            return;
        }
        if (!PhoneValidator.TryEgyptianMobile(turn.Inbound.Text, out var typed)) { Fail(); return; }
        TypedPhone(typed);
    }

    private void AnswerAge()
    {
        var option = ChoiceParser.Single(turn.Normalized, ChoiceSets.AgeBands);
        // People often type their age instead of a list number: "22" is clearly an age, not option 22.
        if (option is null && int.TryParse(turn.Normalized, NumberStyles.None, CultureInfo.InvariantCulture, out var age) && age is >= 15 and <= 110)
            option = ChoiceSets.AgeBands[age switch { <= 17 => 0, <= 24 => 1, <= 34 => 2, <= 49 => 3, _ => 4 }];
        if (option is null) { Fail(); return; }
        Answers[AnswerKeys.AgeBand] = option.Code;
        Accepted();
    }

    private void AnswerConsent()
    {
        // A maybe («ممكن») is asked again: consent is never assumed.
        switch (YesNo.Read(turn, ChoiceSets.Consent))
        {
            case YesNoAnswer.Yes:
                Answers[AnswerKeys.ConsentAt] = turn.Now.ToString("O", CultureInfo.InvariantCulture);
                Fire(Trigger.Next);
                break;
            case YesNoAnswer.No:
                Answers.Clear();
                ProfileFields.Clear(turn.Contact);
                turn.Contact.Consent = ConsentRecord(accepted: false, turn.Now);
                Fire(Trigger.Refuse);
                break;
            default: Fail(); break;
        }
    }
}

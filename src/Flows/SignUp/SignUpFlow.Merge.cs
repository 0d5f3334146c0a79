using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow (merge): a proven number joins the person to the record that already had it; each differing answer is asked about.</summary>
/// <remarks>
/// Storage folds the two records and keeps the older one's answers (<c>ContactMerge</c>); the flow mirrors that in the
/// session (older answers, gaps filled from the newer) and keeps each newer answer that differs as a pending change,
/// which replaces the older one only when the person says yes.
/// </remarks>
public sealed partial class SignUpFlow
{
    private static readonly IReadOnlyList<ChoiceOption> ChangeActions =
    [
        new("change", "change_yes", ["change", "yes", "y", "غيره", "غير", "نعم", "اه", "ايوه"]),
        new("keep", "change_no", ["keep", "no", "n", "سيبه", "خليه", "لا", "لاء"]),
    ];

    private IEnumerable<string> PendingKeys => ProfileFields.Keys.Where(k => Answers.ContainsKey(AnswerKeys.Pending + k));

    /// <summary>MergeWith: the answers become those of the older record, and the newer's differing ones wait for confirmation.</summary>
    private void MergeWith(Contact owner)
    {
        var mine = new Dictionary<string, string>(Answers);
        var theirs = new Dictionary<string, string>();
        ProfileFields.Seed(theirs, owner);
        // Storage keeps the record with the lower id (the older one).
        var (older, newer) = owner.Id < turn.Contact.Id ? (theirs, mine) : (mine, theirs);
        foreach (var key in ProfileFields.Keys)
        {
            var kept = older.GetValueOrDefault(key);
            var offered = newer.GetValueOrDefault(key);
            if (string.IsNullOrEmpty(kept))
            {
                if (string.IsNullOrEmpty(offered)) Answers.Remove(key);
                else Answers[key] = offered;
                continue;
            }
            Answers[key] = kept;
            if (!string.IsNullOrEmpty(offered) && !SameAnswer(kept, offered)) Answers[AnswerKeys.Pending + key] = offered;
        }
        if (owner.RegisteredAt is not null || turn.Contact.RegisteredAt is not null) Answers[AnswerKeys.Profile] = "1";
        if (!PendingKeys.Any()) { AfterMerge(); return; }
        turn.Say(T("hint_confirm_change"));
        Fire(Trigger.Merge);
    }

    private void AnswerConfirmChange()
    {
        if (PendingKeys.FirstOrDefault() is not { } key) { AfterMerge(); return; }
        switch (YesNo.Read(turn, ChangeActions))
        {
            case YesNoAnswer.Yes: Answers[key] = Answers[AnswerKeys.Pending + key]; break;
            case YesNoAnswer.No: break;
            default: Fail(); return;
        }
        Answers.Remove(AnswerKeys.Pending + key);
        turn.Session.Attempts = 0;
        if (PendingKeys.Any()) Prompt(State.ConfirmChange);
        else AfterMerge();
    }

    /// <summary>AfterMerge: a registered record shows its profile; a sign-up goes on after the phone step (or back to its summary).</summary>
    private void AfterMerge()
    {
        if (ProfileMode) Answers[AnswerKeys.Editing] = "1";
        Accepted();
    }

    /// <summary>ConfirmChangeQuestion: "your saved X is A; change it to B?" for the first pending change.</summary>
    private string ConfirmChangeQuestion()
    {
        var key = PendingKeys.FirstOrDefault() ?? AnswerKeys.Name;
        return T("confirm_change", T(FieldLabelKey(FieldOf(key))),
            Display(key, Answers.GetValueOrDefault(key)) ?? "", Display(key, Answers.GetValueOrDefault(AnswerKeys.Pending + key)) ?? "");
    }

    /// <summary>SameAnswer: equal answers, lists compared as sets ("1,3" is "3,1").</summary>
    private static bool SameAnswer(string a, string b) =>
        a == b || ProfileFields.List(a).Order().SequenceEqual(ProfileFields.List(b).Order());

    private static State FieldOf(string key) => key switch
    {
        AnswerKeys.Name => State.FullName,
        AnswerKeys.Governorate => State.Governorate,
        AnswerKeys.Village => State.Village,
        AnswerKeys.AgeBand => State.AgeBand,
        AnswerKeys.Gender => State.Gender,
        AnswerKeys.Interests => State.Interests,
        _ => State.Availability,
    };
}

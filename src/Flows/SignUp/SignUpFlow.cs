using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using Stateless;
using Stateless.Graph;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow: the volunteer sign-up conversation, a Stateless machine over Session.State.</summary>
/// <remarks>
/// The machine keeps no state of its own: its accessor reads and writes <see cref="Session.State"/> of the turn it is
/// given, so the session can be stored between messages as plain data. Entry actions only add replies; answers are
/// validated and stored before a trigger is fired. Configuring the machine costs more than most steps, so a flow is
/// built once and handed one turn at a time (<see cref="SignUpFlowPool"/>).
/// </remarks>
public sealed partial class SignUpFlow
{
    /// <summary>FlowName: the value of <see cref="Session.Flow"/> while this flow runs.</summary>
    public const string FlowName = "signup";

    /// <summary>State: the steps of sign-up; stored by name in <see cref="Session.State"/>.</summary>
    private enum State
    {
        Language, FullName, Governorate, Village, Phone, AgeBand, Gender, Interests, Availability,
        Consent, Summary, EditField, Resume, Registered, Refused, Closed,
        /// <summary>VerifyCode: a code went by SMS to the typed number; waiting for it to be typed back.</summary>
        VerifyCode,
        /// <summary>ConfirmChange: the proven number belongs to another record; each differing answer waits for a yes.</summary>
        ConfirmChange,
        /// <summary>OptedOut: the proven number's record had sent STOP, and stays stopped.</summary>
        OptedOut,
        /// <summary>ConfirmPlace: the governorate answer named a city or markaz («المنصورة»), or «مصر»: its governorate waits for a yes.</summary>
        ConfirmPlace,
    }

    /// <summary>Trigger: what moves the flow: an accepted answer (Next), back, the summary's choices, resume/restart, a code sent, a merge to confirm.</summary>
    private enum Trigger { Next, Back, Refuse, Confirm, Edit, PickField, ToSummary, Leave, Resume, Restart, Verify, Merge }

    private static readonly State[] FieldStates =
        [State.FullName, State.Governorate, State.Village, State.Phone, State.AgeBand, State.Gender, State.Interests, State.Availability];

    private Turn turn = null!; // the turn being handled; set by For
    private readonly StateMachine<State, Trigger> machine;
    private State chosen; // destination of the dynamic PickField and Resume transitions

    /// <summary>SignUpFlow builds the machine; <see cref="For"/> gives it the turn to handle.</summary>
    internal SignUpFlow()
    {
        // Stateless reads the state once as it is built, before any turn is given.
        machine = new StateMachine<State, Trigger>(
            () => ParseState(turn?.Session.State) ?? State.Language,
            s => turn.Session.State = s.ToString());
        Configure();
    }

    internal SignUpFlow(Turn turn) : this() => For(turn);

    /// <summary>For points the flow at <paramref name="next"/>; nothing of the turn it handled before is kept.</summary>
    internal SignUpFlow For(Turn next)
    {
        turn = next;
        chosen = default;
        return this;
    }

    /// <summary>Diagram: the flow as a Mermaid state diagram (built on a throw-away session).</summary>
    public static string Diagram()
    {
        var turn = new Turn(new Contact(), new Session(), new Inbound("", InboundKind.Text, "sim", ChannelTraits.Simulator),
            DateTimeOffset.UnixEpoch, new EngineOptions());
        return MermaidGraph.Format(new SignUpFlow(turn).machine.GetInfo());
    }

    private State Current => machine.State;
    private Dictionary<string, string> Answers => turn.Session.Answers;
    private bool Editing => Answers.ContainsKey(AnswerKeys.Editing);
    private bool ProfileMode => Answers.ContainsKey(AnswerKeys.Profile);
    /// <summary>NeedsPhone: ask for the number unless the channel vouches for an Egyptian mobile (SMS, WhatsApp).</summary>
    private bool NeedsPhone => !turn.Traits.ProvidesPhone || !PhoneValidator.TryEgyptianMobile(turn.Inbound.ChannelPhone, out _);

    /// <summary>IsFinished: the flow reached an end state; the caller ends the session.</summary>
    internal bool IsFinished => IsEnd(Current);

    /// <summary>IsFinishedIn: the stored state is an end state, read without building the machine.</summary>
    internal static bool IsFinishedIn(Session session) => IsEnd(ParseState(session.State) ?? State.Language);

    private static bool IsEnd(State state) => state is State.Registered or State.Refused or State.Closed or State.OptedOut;

    private void Configure()
    {
        machine.Configure(State.Language).OnEntry(() => Prompt(State.Language))
            .Permit(Trigger.Next, State.FullName);
        Field(State.FullName, previous: State.Language).Permit(Trigger.Next, State.Governorate);
        Field(State.Governorate, previous: State.FullName).Permit(Trigger.Next, State.Village)
            .Permit(Trigger.Confirm, State.ConfirmPlace);
        machine.Configure(State.ConfirmPlace).OnEntry(() => Prompt(State.ConfirmPlace))
            .Permit(Trigger.Next, State.Village)
            .Permit(Trigger.Back, State.Governorate)
            .Permit(Trigger.ToSummary, State.Summary);
        Field(State.Village, previous: State.Governorate)
            .PermitIf(Trigger.Next, State.Phone, () => NeedsPhone, "phone not known")
            .PermitIf(Trigger.Next, State.AgeBand, () => !NeedsPhone, "channel gives the phone");
        Field(State.Phone, previous: State.Village).Permit(Trigger.Next, State.AgeBand)
            .Permit(Trigger.Verify, State.VerifyCode)
            .Permit(Trigger.Merge, State.ConfirmChange)
            .Permit(Trigger.Leave, State.OptedOut);
        machine.Configure(State.VerifyCode).OnEntry(() => Prompt(State.VerifyCode))
            .Permit(Trigger.Next, State.AgeBand)
            .Permit(Trigger.ToSummary, State.Summary)
            .Permit(Trigger.Back, State.Phone)
            .Permit(Trigger.Merge, State.ConfirmChange)
            .Permit(Trigger.Leave, State.OptedOut);
        machine.Configure(State.ConfirmChange).OnEntry(() => Prompt(State.ConfirmChange))
            .Permit(Trigger.Next, State.AgeBand)
            .Permit(Trigger.ToSummary, State.Summary);
        machine.Configure(State.AgeBand).OnEntry(() => Prompt(State.AgeBand))
            .Permit(Trigger.Next, State.Gender)
            .PermitIf(Trigger.Back, State.Phone, () => NeedsPhone, "phone not known")
            .PermitIf(Trigger.Back, State.Village, () => !NeedsPhone, "channel gives the phone")
            .Permit(Trigger.ToSummary, State.Summary);
        Field(State.Gender, previous: State.AgeBand).Permit(Trigger.Next, State.Interests);
        Field(State.Interests, previous: State.Gender).Permit(Trigger.Next, State.Availability);
        Field(State.Availability, previous: State.Interests).Permit(Trigger.Next, State.Consent);
        machine.Configure(State.Consent).OnEntry(() => Prompt(State.Consent))
            .Permit(Trigger.Next, State.Summary)
            .Permit(Trigger.Refuse, State.Refused)
            .Permit(Trigger.Back, State.Availability);
        machine.Configure(State.Summary).OnEntry(() => Prompt(State.Summary))
            .Permit(Trigger.Confirm, State.Registered)
            .Permit(Trigger.Edit, State.EditField)
            .Permit(Trigger.Leave, State.Closed)
            .Permit(Trigger.Back, State.Consent);
        machine.Configure(State.EditField).OnEntry(() => Prompt(State.EditField))
            .PermitDynamic(Trigger.PickField, () => chosen, "field picked", Possible(FieldStates, "field"))
            .Permit(Trigger.Back, State.Summary);
        machine.Configure(State.Resume).OnEntry(() => Prompt(State.Resume))
            .PermitDynamic(Trigger.Resume, () => chosen, "step left off", Possible(ResumableStates, "left off there"))
            .Permit(Trigger.Restart, State.Language);
        machine.Configure(State.Registered).OnEntry(() => Prompt(State.Registered));
        machine.Configure(State.Refused).OnEntry(() => Prompt(State.Refused));
        machine.Configure(State.Closed).OnEntry(() => Prompt(State.Closed));
        machine.Configure(State.OptedOut).OnEntry(() => Prompt(State.OptedOut));
    }

    /// <summary>ParseState: a stored state name, or null for anything unknown (a damaged session restarts, never throws).</summary>
    private static State? ParseState(string? name) =>
        Enum.TryParse<State>(name, out var s) && Enum.IsDefined(s) && !char.IsAsciiDigit(name![0]) ? s : null;

    private static readonly State[] ResumableStates =
        [State.Language, .. FieldStates, State.ConfirmPlace, State.VerifyCode, State.ConfirmChange, State.Consent, State.Summary, State.EditField];

    private static Stateless.Reflection.DynamicStateInfos Possible(IEnumerable<State> states, string criterion)
    {
        var infos = new Stateless.Reflection.DynamicStateInfos();
        foreach (var state in states) infos.Add(state, criterion);
        return infos;
    }

    private StateMachine<State, Trigger>.StateConfiguration Field(State field, State previous) =>
        machine.Configure(field).OnEntry(() => Prompt(field))
            .Permit(Trigger.Back, previous)
            .Permit(Trigger.ToSummary, State.Summary);

    private void Fire(Trigger trigger)
    {
        turn.Session.Attempts = 0;
        // A damaged or hand-edited session may sit in a state without this transition: ask again rather than fail.
        if (machine.CanFire(trigger)) machine.Fire(trigger);
        else Prompt(Current);
    }
}

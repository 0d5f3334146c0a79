using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow (catalog): renders every question and re-prompt of the flow, so tests can check them all.</summary>
public sealed partial class SignUpFlow
{
    /// <summary>RenderAll: each step's question and re-prompt (and the SMS governorate list) as the channel would get them.</summary>
    internal static IReadOnlyList<Reply> RenderAll(ChannelTraits traits, string language)
    {
        var replies = new List<Reply>();
        foreach (var state in Enum.GetValues<State>())
        {
            foreach (var profile in new[] { false, true })
            {
                var turn = SampleTurn(traits, language, state, profile);
                var flow = new SignUpFlow(turn);
                flow.Prompt(state);
                if (state is not (State.Registered or State.Refused or State.Closed or State.OptedOut)) flow.Reprompt(flow.ErrorKey(state));
                if (state == State.Governorate)
                {
                    flow.AskAmongGovernorates([Governorates.All[^2], Governorates.All[^1]]);
                    flow.SendGovernorateList(flow.T("gov_list_header"));
                }
                if (state == State.Phone && traits.CanShareContact) flow.Reprompt("phone_not_own");
                if (state == State.VerifyCode)
                    foreach (var key in new[] { "bad_code", "code_expired", "code_too_many", "code_void", "code_limit" }) flow.Reprompt(key);
                if (state == State.FullName) flow.Fail(); // the third failure adds the hint
                replies.AddRange(turn.Replies);
            }
        }
        return replies;
    }

    private static Turn SampleTurn(ChannelTraits traits, string language, State state, bool profile)
    {
        var contact = new Contact { Id = 123456, Language = language, VolunteerNumber = VolunteerNumber.For(123456) };
        if (profile) contact.RegisteredAt = DateTimeOffset.UnixEpoch;
        var session = new Session { Flow = FlowName, State = state.ToString(), Attempts = 2 };
        // A typical profile: short enough that the summary is one message; long answers are split by the engine.
        session.Answers[AnswerKeys.Name] = "محمد أحمد علي";
        session.Answers[AnswerKeys.Governorate] = "MN";
        session.Answers[AnswerKeys.Village] = "ملوي";
        session.Answers[AnswerKeys.Phone] = "+201012345678";
        session.Answers[AnswerKeys.AgeBand] = "18-24";
        session.Answers[AnswerKeys.Gender] = "male";
        session.Answers[AnswerKeys.Interests] = "hayah_karima,daem";
        session.Answers[AnswerKeys.Availability] = "weekdays";
        session.Answers[AnswerKeys.PhoneUnverified] = "+201112345678";
        session.Answers[AnswerKeys.VerifyPhone] = "+201112345678";
        session.Answers[AnswerKeys.Pending + AnswerKeys.Availability] = "weekdays,weekends,evenings";
        if (profile) session.Answers[AnswerKeys.Profile] = "1";
        var inbound = new Inbound("", InboundKind.Text, "catalog", traits);
        return new Turn(contact, session, inbound, DateTimeOffset.UnixEpoch, new EngineOptions());
    }
}

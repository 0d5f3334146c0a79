using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>FlowReplay: steps a contact's stored inbound messages once each through the pure conversation engine, to compare with what the service stored.</summary>
/// <remarks>
/// The engine is a pure function of contact, session and message, so one application of each stored message must give
/// exactly the stored replies, profile and session; a step applied twice (or lost) shows up as a difference.
/// The service runs with the default engine settings, and so does the replay.
/// </remarks>
public sealed class FlowReplay
{
    private readonly ConversationEngine _engine = new(new EngineOptions());

    /// <summary>Replay returns the replies each message gives, and the contact and session after the last one.</summary>
    public (List<IReadOnlyList<Reply>> Replies, Contact Contact, Session Session) Replay(long contactId, string urn, IEnumerable<InboundLogEntry> messages)
    {
        var contact = new Contact { Id = contactId, Urns = [urn] };
        var session = new Session { ContactId = contactId };
        var replies = new List<IReadOnlyList<Reply>>();
        foreach (var message in messages)
        {
            var step = _engine.Step(contact, session, new Inbound(message.Text, InboundKind.Text, message.Channel, ChannelTraits.Simulator), message.ReceivedAt);
            replies.Add(step.Replies);
            (contact, session) = (step.Contact, step.Session);
        }
        return (replies, contact, session);
    }

    /// <summary>Profile: the fields a sign-up fills, as one comparable line.</summary>
    /// <remarks>Times are left out (the service stamps its own clock), and so are URNs: storage adds the phone's URN, not the flow.</remarks>
    public static string Profile(Contact c) => string.Join(" | ",
        c.Name, c.Language, c.Governorate, c.Village, c.Phone, c.AgeBand, c.Gender, string.Join(",", c.Interests),
        string.Join(",", c.Availability), c.Consent?.Accepted, c.Consent?.TextVersion, c.Status, c.VolunteerNumber);

    /// <summary>Where: the session's place in its flow, as one comparable line.</summary>
    public static string Where(Session s) => string.Join(" | ",
        s.Flow, s.State, s.Attempts, string.Join(",", s.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value)));
}

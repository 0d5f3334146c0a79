using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Repositories;

/// <summary>SessionRepository reads conversation sessions, one per contact.</summary>
public sealed class SessionRepository(LiteStore store)
{
    /// <summary>Get returns the session of <paramref name="contactId"/>, or a new empty one.</summary>
    public Session Get(long contactId) => store.Sessions.FindById(contactId) ?? new Session { ContactId = contactId };
}

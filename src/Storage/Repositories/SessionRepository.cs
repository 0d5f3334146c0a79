using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Repositories;

/// <summary>SessionRepository reads conversation sessions, one per contact.</summary>
internal sealed class SessionRepository(StorageWriter storage)
{
    /// <summary>GetAsync returns the session of <paramref name="contactId"/>, or a new empty one.</summary>
    public Task<Session> GetAsync(long contactId) => storage.ReadAsync(store => Get(store, contactId));

    /// <summary>Get reads a session; call it only on the storage thread.</summary>
    public static Session Get(LiteStore store, long contactId) =>
        store.Sessions.FindById(contactId) ?? new Session { ContactId = contactId };
}

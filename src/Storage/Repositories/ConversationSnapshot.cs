using OutreachBot.Flows.Model;

namespace OutreachBot.Storage.Repositories;

/// <summary>ConversationSnapshot: what the pipeline needs to handle one message, read in one storage request.</summary>
/// <param name="Contact">The contact owning the sender's URN, if known.</param>
/// <param name="Session">That contact's session (null when the contact is new).</param>
/// <param name="ContactVersion">The contact's change stamp as read, for <see cref="ConversationWrite.ReadVersion"/>.</param>
public sealed record ConversationSnapshot(Contact? Contact, Session? Session, long ContactVersion = 0);

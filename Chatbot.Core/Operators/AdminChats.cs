using System.Text.Json.Nodes;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Operators;

/// <summary>
/// What the original's Django admin did with chats: list a user's sessions, read a session's messages (every branch)
/// and delete a session. Other people's chats are private: each read is written to the audit log before it is answered,
/// and <c>Admin__ChatAccess=false</c> closes all three (404), here rather than in the routes, so no caller of Core can
/// go round the switch.
/// </summary>
public sealed class AdminChats(
    ChatbotDbContext db, ChatSessionService sessions, MessageReader messages, AuditLog audit, IOptions<AdminOptions> options)
{
    public async Task<Page<ChatSessionDto>> ListSessionsAsync(AdminActor actor, long userId, PageRequest page, CancellationToken cancellationToken)
    {
        EnsureChatAccess();
        if (!await db.Users.AnyAsync(user => user.Id == userId, cancellationToken))
        {
            throw UserDirectory.UserNotFound();
        }

        await RecordReadAsync(actor, userId, new JsonObject { ["read"] = "chatsessions" }, cancellationToken);
        return await sessions.ListAsync(userId, page, cancellationToken);
    }

    /// <summary>A page of the session's messages, oldest first, every branch of its tree.</summary>
    public async Task<Page<MessageDto>> ListMessagesAsync(AdminActor actor, long sessionId, PageRequest page, CancellationToken cancellationToken)
    {
        EnsureChatAccess();
        var owner = await OwnerAsync(sessionId, cancellationToken);
        await RecordReadAsync(actor, owner, new JsonObject { ["read"] = "messages", ["chatsession_id"] = sessionId }, cancellationToken);
        return await messages.ListAsync(owner, sessionId, page, allBranches: true, cancellationToken);
    }

    /// <summary>Deletes the session and its messages (moderation); the line saying so is saved with the deletion.</summary>
    public async Task DeleteSessionAsync(AdminActor actor, long sessionId, CancellationToken cancellationToken)
    {
        EnsureChatAccess();
        var session = await db.ChatSessions.Kept().SingleOrDefaultAsync(candidate => candidate.Id == sessionId, cancellationToken)
            ?? throw ChatSessionQueries.SessionNotFound();
        db.ChatSessions.Remove(session);
        audit.Add(await db.AuditActorAsync(actor, cancellationToken), AuditActions.SessionDeleted, AuditTargets.ChatSession,
            AuditTargets.Id(sessionId), actor.Address, new JsonObject { ["user_id"] = session.UserId }.ToJsonString());
        // The messages go with the session: the database cascades.
        await db.SaveChangesAsync(cancellationToken);
    }

    private void EnsureChatAccess()
    {
        if (!options.Value.ChatAccess)
        {
            throw new ProblemException(ProblemKind.NotFound, "not_found",
                "Admins' access to users' chats is turned off on this deployment (Admin__ChatAccess).");
        }
    }

    private async Task<long> OwnerAsync(long sessionId, CancellationToken cancellationToken)
        => await db.ChatSessions.AsNoTracking().Kept()
            .Where(session => session.Id == sessionId)
            .Select(session => (long?)session.UserId)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ChatSessionQueries.SessionNotFound();

    /// <summary>
    /// A read of another user's chat, kept before the chat is shown: if the line cannot be written, nothing is read. The
    /// target is the user whose chat it is, so <c>?user=</c> finds who read it. An admin reading their own is not audited.
    /// </summary>
    private async Task RecordReadAsync(AdminActor actor, long ownerId, JsonObject detail, CancellationToken cancellationToken)
    {
        if (ownerId == actor.Id)
        {
            return;
        }

        var who = await db.AuditActorAsync(actor, cancellationToken);
        await audit.RecordAsync(who, AuditActions.ChatRead, AuditTargets.User, AuditTargets.Id(ownerId), actor.Address, detail.ToJsonString());
    }
}

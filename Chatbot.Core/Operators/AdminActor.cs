using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>The admin behind a request to an admin route, and the client address it came from, for the audit log.</summary>
public sealed record AdminActor(long Id, string? Address);

internal static class AdminActors
{
    /// <summary>The actor as its audit line keeps it: the id and the username it has now.</summary>
    public static async Task<AuditLog.Actor> AuditActorAsync(this ChatbotDbContext db, AdminActor actor, CancellationToken cancellationToken)
        => new(actor.Id, await db.Users.AsNoTracking()
            .Where(user => user.Id == actor.Id)
            .Select(user => user.Username)
            .SingleOrDefaultAsync(cancellationToken));
}

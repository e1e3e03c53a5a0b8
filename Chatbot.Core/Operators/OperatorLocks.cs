using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>
/// Deployment-wide locks for what an admin's check-then-write must not do twice at once: on PostgreSQL an advisory lock
/// held until the write transaction ends; SQLite's single writer already serializes write transactions.
/// </summary>
internal static class OperatorLocks
{
    /// <summary>
    /// Who is an admin: taken before counting or making admins. The same key as the last-admin rule's lock, so claiming
    /// the first admin and demoting one wait for each other.
    /// </summary>
    public const int AdminRoles = 1;

    /// <summary>The deployment's settings: a change reads the value it replaces.</summary>
    public const int Settings = 2;

    // PostgreSQL's two-key advisory locks are a key space of their own, apart from the one-key, per-user locks that
    // AnswerAdmission takes, so no user id can collide with these.
    private const int OperatorsLockClass = 21;

    /// <summary>Holds <paramref name="key"/> until the caller's write transaction ends; call it first in that transaction.</summary>
    public static async Task LockAsync(this ChatbotDbContext db, int key, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({OperatorsLockClass}, {key})", cancellationToken);
        }
    }
}

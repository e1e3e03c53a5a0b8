using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Usage;

/// <summary>
/// Lets an answer be asked for only within the user's limits and quota, and reserves its estimated cost in the
/// ledger. Check and reservation happen in one transaction that holds the user's lock, so N parallel requests
/// (on any number of instances) are counted one after another: SQLite's single writer (<c>BEGIN IMMEDIATE</c>), and on
/// PostgreSQL a per-user advisory lock held until commit.
/// </summary>
public sealed class AnswerAdmission(ChatbotDbContext db, MessageLimits limits, UsageService usage)
{
    /// <summary>
    /// Checks, saves the <paramref name="message"/> (added or changed in this context, with its session) and reserves
    /// <paramref name="estimate"/> tokens for it, all or nothing. A refusal throws and stores nothing. The changes are
    /// made before this is called, so a retry does not make them twice (a regeneration retried used to find its own
    /// answer in progress and refuse itself).
    /// </summary>
    internal Task<UsageEntry> AdmitAsync(
        long userId, UsageKind kind, int estimate, Chats.Message message, DateTime now, CancellationToken cancellationToken)
        => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({userId})", cancellationToken);
            }

            await limits.EnsureAllowedAsync(userId, now, cancellationToken);
            await usage.EnsureWithinQuotaAsync(userId, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var reservation = UsageEntry.Reserve(userId, message.SessionId, message.Id, kind, estimate, now);
            db.UsageLedger.Add(reservation);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return reservation;
        });
}

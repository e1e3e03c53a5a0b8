using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

/// <summary>
/// Deletes attachments nothing needs any more, row first and bytes after, so no row ever points at missing bytes: an
/// upload its owner deletes, the files of a deleted session, a deleted account's, and uploads no message took within
/// <c>Attachments__UnreferencedLifetime</c> (24 hours; <see cref="AttachmentSweeper"/>).
/// </summary>
public sealed class AttachmentCleanup(ChatbotDbContext db, IAttachmentStore store, IOptions<AttachmentOptions> options, TimeProvider time)
{
    /// <summary>Unreferenced uploads swept in one pass; the next pass takes the rest.</summary>
    private const int SweepBatch = 500;

    /// <summary>The attachments a session's messages refer to: read before the session is deleted.</summary>
    internal Task<List<long>> OfSessionAsync(long sessionId, CancellationToken cancellationToken)
        => db.MessageAttachments.Where(link => db.Messages.Any(message => message.Id == link.MessageId && message.SessionId == sessionId))
            .Select(link => link.AttachmentId).Distinct().ToListAsync(cancellationToken);

    /// <summary>The keys of every byte a user stored: read before the account is erased (its rows go with it).</summary>
    internal Task<List<string>> KeysOfUserAsync(long userId)
        => db.Attachments.Where(attachment => attachment.UserId == userId && attachment.StoreKey != null)
            .Select(attachment => attachment.StoreKey!).ToListAsync();

    /// <summary>Deletes bytes whose rows are gone. Not cancellable: rows are already gone, their bytes must follow.</summary>
    internal async Task DeleteBytesAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            await store.DeleteAsync(key, CancellationToken.None);
        }
    }

    /// <summary>
    /// Deletes each of <paramref name="ids"/> that no message refers to, checked in the same statement that deletes
    /// the row (a message may take one meanwhile), then its bytes. Returns how many went.
    /// </summary>
    internal async Task<int> DeleteUnreferencedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var candidates = ids.Count == 0 ? [] : await db.Attachments.Where(attachment => ids.Contains(attachment.Id))
            .Select(attachment => new { attachment.Id, attachment.StoreKey }).ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var candidate in candidates)
        {
            var gone = await db.Attachments
                .Where(attachment => attachment.Id == candidate.Id && !db.MessageAttachments.Any(link => link.AttachmentId == attachment.Id))
                .ExecuteDeleteAsync(CancellationToken.None);
            if (gone == 1)
            {
                // An imported file's row had no bytes to delete.
                if (candidate.StoreKey is { } key)
                {
                    await DeleteBytesAsync([key]);
                }

                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Removes uploads older than the unreferenced lifetime that no message refers to.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetDatabaseNow() - options.Value.UnreferencedLifetime;
        var stale = await db.Attachments
            .Where(attachment => attachment.CreatedAt < cutoff && !db.MessageAttachments.Any(link => link.AttachmentId == attachment.Id))
            .OrderBy(attachment => attachment.Id).Select(attachment => attachment.Id).Take(SweepBatch)
            .ToListAsync(cancellationToken);
        return await DeleteUnreferencedAsync(stale, cancellationToken);
    }
}

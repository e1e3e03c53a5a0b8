using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>
/// How much a user may keep in attachments (<c>Attachments__UserStorageBytes</c>), counting the bytes held. Checked inside the transaction that
/// stores the new attachment, under the user's lock, so parallel uploads are counted one after another.
/// </summary>
public sealed class StorageQuota(ChatbotDbContext db, IOptions<AttachmentOptions> options)
{
    internal async Task EnsureRoomAsync(long userId, long size, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({userId})", cancellationToken);
        }

        var quota = options.Value.UserStorageBytes;
        // Only bytes held count: a file an import listed without its bytes takes no room.
        var used = await db.Attachments.Where(attachment => attachment.UserId == userId && attachment.StoreKey != null)
            .SumAsync(attachment => (long?)attachment.Size, cancellationToken) ?? 0;
        if (used + size > quota)
        {
            throw AttachmentProblems.QuotaExceeded(quota, used);
        }
    }
}

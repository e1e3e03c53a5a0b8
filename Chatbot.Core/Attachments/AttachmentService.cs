using Chatbot.Core.Data;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

/// <summary>
/// A user's uploads: store one (streamed, hashed and typed on the way), read its metadata or bytes, delete it. Another
/// user's attachment is indistinguishable from none. A refused upload leaves nothing behind, in the store or the database.
/// </summary>
public sealed class AttachmentService(
    ChatbotDbContext db, IAttachmentStore store, StorageQuota quota, AttachmentCleanup cleanup, IOptions<AttachmentOptions> options, TimeProvider time)
{
    private const int MaxNameLength = 255;

    public async Task<AttachmentDto> UploadAsync(long userId, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        try
        {
            await using var upload = new InspectedUpload(content, options.Value.MaxBytes);
            await store.WriteAsync(key, upload, cancellationToken);
            var (sha256, contentType) = upload.Finish();
            var attachment = Attachment.Stored(userId, CleanName(fileName), contentType, upload.Size, sha256, key, time.GetDatabaseNow());
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.BeginWriteAsync(cancellationToken);
                await quota.EnsureRoomAsync(userId, attachment.Size, cancellationToken);
                db.Attachments.Add(attachment);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
            return AttachmentDto.From(attachment);
        }
        catch
        {
            // Whatever stopped the upload (a limit, a type, a cut connection), its bytes go; the caller hears why.
            db.ChangeTracker.Clear();
            await store.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    public async Task<AttachmentDto> GetAsync(long userId, long id, CancellationToken cancellationToken)
        => await db.Attachments.AsNoTracking().Where(attachment => attachment.Id == id && attachment.UserId == userId)
            .Select(AttachmentDto.Projection).SingleOrDefaultAsync(cancellationToken)
            ?? throw AttachmentProblems.NotFound();

    /// <summary>The metadata and a stream of the bytes, which the caller disposes.</summary>
    public async Task<(AttachmentDto Attachment, Stream Content)> OpenAsync(long userId, long id, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(
            attachment => attachment.Id == id && attachment.UserId == userId, cancellationToken) ?? throw AttachmentProblems.NotFound();
        return attachment.StoreKey is { } key
            ? (AttachmentDto.From(attachment), await store.OpenReadAsync(key, cancellationToken))
            : throw AttachmentProblems.ContentNotAvailable();
    }

    /// <summary>Deletes an upload no message refers to, bytes and all (409 <c>attachment_in_use</c> otherwise).</summary>
    public async Task DeleteAsync(long userId, long id, CancellationToken cancellationToken)
    {
        if (!await db.Attachments.AnyAsync(attachment => attachment.Id == id && attachment.UserId == userId, cancellationToken))
        {
            throw AttachmentProblems.NotFound();
        }

        if (await cleanup.DeleteUnreferencedAsync([id], cancellationToken) == 0)
        {
            throw AttachmentProblems.InUse();
        }
    }

    /// <summary>The name as shown: the client's, without any folder, control character or excess length.</summary>
    internal static string CleanName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(character => !char.IsControl(character)).ToArray()).Trim();
        if (name.Length > MaxNameLength)
        {
            name = name[..MaxNameLength];
        }

        return name.Length == 0 ? "file" : name;
    }
}

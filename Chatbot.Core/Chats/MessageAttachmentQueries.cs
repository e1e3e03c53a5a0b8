using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>Fills in each message's <see cref="MessageDto.Attachments"/>: one indexed read for a whole page.</summary>
internal static class MessageAttachmentQueries
{
    public static async Task<Dictionary<long, AttachmentSummaries>> AttachmentsOfAsync(
        this ChatbotDbContext db, IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken)
    {
        var links = messageIds.Count == 0 ? [] : await db.MessageAttachments.AsNoTracking()
            .Where(link => messageIds.Contains(link.MessageId))
            .OrderBy(link => link.MessageId).ThenBy(link => link.Position)
            .Select(link => new
            {
                link.MessageId,
                Summary = new AttachmentSummary(
                    link.Attachment.Id, link.Attachment.Name, link.Attachment.ContentType, link.Attachment.Size, link.Attachment.Sha256,
                    link.Attachment.StoreKey != null),
            })
            .ToListAsync(cancellationToken);
        return links.GroupBy(link => link.MessageId).ToDictionary(group => group.Key, group => new AttachmentSummaries(group.Select(link => link.Summary)));
    }

    public static async Task<List<MessageDto>> WithAttachmentsAsync(
        this ChatbotDbContext db, IReadOnlyList<MessageDto> messages, CancellationToken cancellationToken)
    {
        var attachments = await db.AttachmentsOfAsync(messages.Select(message => message.Id).ToList(), cancellationToken);
        return messages.Select(message => attachments.TryGetValue(message.Id, out var found) ? message with { Attachments = found } : message).ToList();
    }

    public static async Task<MessageDto> WithAttachmentsAsync(this ChatbotDbContext db, MessageDto message, CancellationToken cancellationToken)
        => (await db.WithAttachmentsAsync([message], cancellationToken))[0];
}

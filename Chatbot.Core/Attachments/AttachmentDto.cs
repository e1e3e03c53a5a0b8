using System.Linq.Expressions;

namespace Chatbot.Core.Attachments;

/// <summary>
/// An attachment as <c>/attachments/</c> shows it. <see cref="Available"/> is false for a file an imported
/// conversation lists without its bytes.
/// </summary>
public sealed record AttachmentDto(long Id, string Name, string ContentType, long Size, string Sha256, bool Available, DateTime CreatedAt)
{
    public static readonly Expression<Func<Attachment, AttachmentDto>> Projection = attachment => new AttachmentDto(
        attachment.Id, attachment.Name, attachment.ContentType, attachment.Size, attachment.Sha256, attachment.StoreKey != null, attachment.CreatedAt);

    private static readonly Func<Attachment, AttachmentDto> Compiled = Projection.Compile();

    public static AttachmentDto From(Attachment attachment) => Compiled(attachment);
}

/// <summary>
/// An attachment as a message shows it (and an export lists it): its digest tells a copy kept elsewhere from another
/// file; <see cref="Available"/> is false when an import listed it without its bytes.
/// </summary>
public sealed record AttachmentSummary(long Id, string Name, string ContentType, long Size, string Sha256, bool Available);

using System.Collections;

namespace Chatbot.Core.Attachments;

/// <summary>
/// A message's attachments, in order, comparing by their contents, so that a message (a record) equals another with
/// the same files, as it does for every other field.
/// </summary>
public sealed class AttachmentSummaries(IEnumerable<AttachmentSummary> attachments) : IReadOnlyList<AttachmentSummary>, IEquatable<AttachmentSummaries>
{
    private readonly AttachmentSummary[] attachments = attachments.ToArray();

    public static AttachmentSummaries None { get; } = new([]);

    public int Count => attachments.Length;

    public AttachmentSummary this[int index] => attachments[index];

    public static AttachmentSummaries Of(IEnumerable<Attachment> attachments)
        => new(attachments.Select(file => new AttachmentSummary(file.Id, file.Name, file.ContentType, file.Size, file.Sha256, file.Available)));

    public bool Equals(AttachmentSummaries? other) => other is not null && attachments.AsSpan().SequenceEqual(other.attachments);

    public override bool Equals(object? obj) => Equals(obj as AttachmentSummaries);

    public override int GetHashCode() => attachments.Aggregate(new HashCode(), (hash, file) => { hash.Add(file); return hash; }).ToHashCode();

    public override string ToString() => $"[{string.Join(", ", attachments.Select(file => file.Id))}]";

    public IEnumerator<AttachmentSummary> GetEnumerator() => ((IEnumerable<AttachmentSummary>)attachments).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.ComponentModel.DataAnnotations.Schema;
using Chatbot.Core.Attachments;

namespace Chatbot.Core.Search;

/// <summary>
/// One of the caller's messages that matched: where it is, and a few words around the match from whichever of the
/// prompt and the answer matched, each matched word between <see cref="MatchStart"/> and <see cref="MatchEnd"/>; or, for a
/// message found by a file's name alone, that name with its matched part marked the same way.
/// </summary>
public sealed record SearchHit(long MessageId, long SessionId, string? SessionTitle, string Snippet, DateTime CreatedAt)
{
    public const string MatchStart = "[";

    public const string MatchEnd = "]";

    /// <summary>The message's files, filled in after the search (the search's SQL does not read them).</summary>
    [NotMapped]
    public AttachmentSummaries Attachments { get; init; } = AttachmentSummaries.None;
}

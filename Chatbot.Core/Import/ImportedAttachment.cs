using Chatbot.Core.Attachments;

namespace Chatbot.Core.Import;

/// <summary>
/// A file an exported message listed: its name, type, size and digest. An export carries no bytes, so the import
/// keeps the file as not available (<see cref="Attachment.Unavailable"/>) rather than refusing the conversation.
/// </summary>
public sealed record ImportedAttachment(string Name, string ContentType, long Size, string Sha256)
{
    private const int MaxNameLength = 255;

    /// <summary>A message's <c>attachments</c> (absent or null: none), each checked as an upload's metadata would be.</summary>
    internal static IReadOnlyList<ImportedAttachment> ReadAll(JsonFields message, ImportBudget budget)
    {
        if (message.Optional("attachments") is null)
        {
            return [];
        }

        var list = message.RequiredArray("attachments");
        if (list.GetArrayLength() > ImportRules.MaxAttachmentsPerMessage)
        {
            throw new ImportFieldException(message.FieldPath("attachments"),
                $"Ensure this field has no more than {ImportRules.MaxAttachmentsPerMessage} elements.");
        }

        budget.TakeAttachments(list.GetArrayLength());
        return list.EnumerateArray().Select((element, index) => Read(JsonFields.Of(element, $"{message.FieldPath("attachments")}[{index}]"))).ToList();
    }

    private static ImportedAttachment Read(JsonFields file)
    {
        var name = AttachmentService.CleanName(file.RequiredString("name", MaxNameLength));
        var contentType = file.RequiredString("content_type");
        if (!AttachmentTypes.All.Contains(contentType))
        {
            throw new ImportFieldException(file.FieldPath("content_type"),
                $"Must be one of {string.Join(", ", AttachmentTypes.All.Order(StringComparer.Ordinal))}.");
        }

        var size = file.RequiredInteger("size");
        if (size < 0)
        {
            throw new ImportFieldException(file.FieldPath("size"), "Must be a whole number of at least 0.");
        }

        // Exports list every file's digest; one from before they did has none, which leaves it empty.
        var sha256 = file.OptionalString("sha256") ?? "";
        if (sha256.Length > 0 && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower)))
        {
            throw new ImportFieldException(file.FieldPath("sha256"), "Must be 64 lower-case hexadecimal digits.");
        }

        return new ImportedAttachment(name, contentType, size, sha256);
    }
}

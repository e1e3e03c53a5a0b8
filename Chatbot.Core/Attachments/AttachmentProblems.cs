using Chatbot.Core.Errors;

namespace Chatbot.Core.Attachments;

/// <summary>Every refusal an attachment meets, with its stable code.</summary>
public static class AttachmentProblems
{
    public static ProblemException Unsupported() => new(ProblemKind.UnsupportedMediaType, "unsupported_attachment",
        "Only images (PNG, JPEG, WebP, GIF, HEIC/HEIF), PDFs and UTF-8 text files can be attached; the type is read from the file's bytes.");

    public static ProblemException TooLarge(long maxBytes) => new(ProblemKind.PayloadTooLarge, "attachment_too_large",
        $"A file may be at most {maxBytes} bytes.")
    {
        Extensions = new Dictionary<string, object> { ["max_bytes"] = maxBytes },
    };

    public static ProblemException QuotaExceeded(long quotaBytes, long usedBytes) => new(ProblemKind.PayloadTooLarge, "storage_quota_exceeded",
        $"Your attachments may take at most {quotaBytes} bytes in all, and {usedBytes} are in use; delete some first.")
    {
        Extensions = new Dictionary<string, object> { ["quota_bytes"] = quotaBytes, ["used_bytes"] = usedBytes },
    };

    public static ProblemException TooMany(int max) => new(ProblemKind.Validation, "too_many_attachments",
        $"A message may carry at most {max} attachments.")
    {
        Errors = new Dictionary<string, string[]> { ["attachments"] = [$"Ensure this field has no more than {max} elements."] },
    };

    public static ProblemException InUse() => new(ProblemKind.Conflict, "attachment_in_use",
        "A message refers to this attachment; delete its session first.");

    public static ProblemException NotSupportedByModel(string model) => new(ProblemKind.Unprocessable, "attachments_not_supported",
        $"{model} does not read images or PDFs; choose another model for this session, or attach text files only.");

    public static ProblemException NotFound() => ProblemException.NotFound("The attachment");

    /// <summary>Its bytes were never here: an imported conversation lists the file, its export did not carry it.</summary>
    public static ProblemException ContentNotAvailable() => new(ProblemKind.NotFound, "attachment_not_available",
        "This file came with an imported conversation, which lists its name, type, size and digest but not its bytes; they are not available here.");

    /// <summary>A file without bytes cannot go to the model; the user can upload it again.</summary>
    public static ProblemException CannotSendUnavailable(string name) => new(ProblemKind.Unprocessable, "attachment_not_available",
        $"\"{name}\" came with an imported conversation without its bytes, so it cannot be sent; upload the file again and send the new id.")
    {
        Errors = new Dictionary<string, string[]> { ["attachments"] = [$"\"{name}\" is not available."] },
    };
}

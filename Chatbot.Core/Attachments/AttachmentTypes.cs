namespace Chatbot.Core.Attachments;

/// <summary>The content types an attachment may have: every one decided from the bytes.</summary>
public static class AttachmentTypes
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string WebP = "image/webp";
    public const string Gif = "image/gif";
    public const string Heic = "image/heic";
    public const string Heif = "image/heif";
    public const string Pdf = "application/pdf";
    public const string Text = "text/plain";

    /// <summary>Every type above: what an imported file list may name.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Png, Jpeg, WebP, Gif, Heic, Heif, Pdf, Text };

    public static bool IsImage(string contentType) => contentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>Sent to the model as data (inline or through the Files API), which needs a model that sees.</summary>
    public static bool IsImageOrPdf(string contentType) => IsImage(contentType) || contentType == Pdf;
}

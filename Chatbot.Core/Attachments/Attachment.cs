using Microsoft.EntityFrameworkCore.Query;

namespace Chatbot.Core.Attachments;

/// <summary>
/// A file a user uploaded: its metadata and the key of its bytes in the <see cref="IAttachmentStore"/> (the bytes never
/// live in the database). Its type is what its bytes are (<see cref="AttachmentSniffer"/>), never what the client
/// claimed. An imported conversation brings only its files' metadata: those are <see cref="Unavailable"/>, with no
/// bytes anywhere. Once stored it changes only to remember the copy Gemini's Files API holds of it:
/// <code>
/// Stored ──► GeminiFileRemembered (uri, expiry) ──► … expired ──► GeminiFileRemembered again
/// </code>
/// </summary>
public sealed class Attachment
{
    // EF materialises rows through this constructor; new attachments come from Stored.
    private Attachment()
    {
    }

    public long Id { get; private set; }

    public long UserId { get; private set; }

    /// <summary>The file name the client gave, cleaned of any path; shown to the user and to Gemini beside a text file.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The detected type: one of <see cref="AttachmentTypes"/>.</summary>
    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    /// <summary>SHA-256 of the bytes, lower-case hex; also the download's ETag.</summary>
    public string Sha256 { get; private set; } = "";

    /// <summary>Where the bytes are in the store; null when there are none (<see cref="Unavailable"/>).</summary>
    public string? StoreKey { get; private set; }

    /// <summary>Whether the bytes exist: false for a file an import listed but could not bring.</summary>
    public bool Available => StoreKey is not null;

    public DateTime CreatedAt { get; private set; }

    /// <summary>The uri of this file in Gemini's Files API, while <see cref="GeminiFileExpiresAt"/> is ahead.</summary>
    public string? GeminiFileUri { get; private set; }

    public DateTime? GeminiFileExpiresAt { get; private set; }

    public bool IsImageOrPdf => AttachmentTypes.IsImageOrPdf(ContentType);

    public static Attachment Stored(long userId, string name, string contentType, long size, string sha256, string storeKey, DateTime now)
        => New(userId, name, contentType, size, sha256, storeKey, now);

    /// <summary>
    /// A file an imported conversation lists, as its export described it (an export carries no bytes): shown with its
    /// message, never downloadable, never sent to the model, counted in no storage quota.
    /// </summary>
    public static Attachment Unavailable(long userId, string name, string contentType, long size, string sha256, DateTime now)
        => New(userId, name, contentType, size, sha256, storeKey: null, now);

    private static Attachment New(long userId, string name, string contentType, long size, string sha256, string? storeKey, DateTime now) => new()
    {
        UserId = userId,
        Name = name,
        ContentType = contentType,
        Size = size,
        Sha256 = sha256,
        StoreKey = storeKey,
        CreatedAt = now,
    };

    /// <summary>
    /// Gemini's copy, usable until shortly before <paramref name="expiresAt"/>: set-based, since the answer that uploaded
    /// it reads attachments without tracking them.
    /// </summary>
    public static Action<UpdateSettersBuilder<Attachment>> GeminiFileRemembered(string uri, DateTime expiresAt) => setters => setters
        .SetProperty(attachment => attachment.GeminiFileUri, uri)
        .SetProperty(attachment => attachment.GeminiFileExpiresAt, expiresAt);

    /// <summary>The Gemini file's uri if it is still good at <paramref name="now"/> (with an hour to spare for a long answer).</summary>
    public string? GeminiFileUsableAt(DateTime now)
        => GeminiFileExpiresAt is { } expires && expires - TimeSpan.FromHours(1) > now ? GeminiFileUri : null;
}

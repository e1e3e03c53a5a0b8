namespace Chatbot.Core.Attachments;

/// <summary>Settings <c>Attachments__*</c>: where the bytes live, and how much a user may attach.</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Attachments";

    public const long MiB = 1024 * 1024;

    public AttachmentStoreKind Store { get; set; } = AttachmentStoreKind.FileSystem;

    /// <summary>The largest file accepted (413 <c>attachment_too_large</c>).</summary>
    public long MaxBytes { get; set; } = 20 * MiB;

    /// <summary>The most attachments one message may carry (400 <c>too_many_attachments</c>).</summary>
    public int MaxPerMessage { get; set; } = 10;

    /// <summary>What one user may keep stored in all (413 <c>storage_quota_exceeded</c>).</summary>
    public long UserStorageBytes { get; set; } = 1024 * MiB;

    /// <summary>While a request to Gemini stays under this, images and PDFs go inline; beyond it, through the Files API.</summary>
    public long InlineRequestBytes { get; set; } = 20 * MiB;

    /// <summary>An upload no message refers to is removed once it is this old.</summary>
    public TimeSpan UnreferencedLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each instance looks for such uploads.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The blob service, reached as the app's managed identity (<c>https://ACCOUNT.blob.core.windows.net</c>).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>For local use (Azurite): a connection string instead of an identity.</summary>
    public string? BlobConnectionString { get; set; }

    public string BlobContainer { get; set; } = "attachments";

    /// <summary>
    /// The FileSystem store's folder is one every instance shares (a mounted share): lets PostgreSQL, which implies
    /// several instances, run with it outside Development.
    /// </summary>
    public bool SharedFileSystem { get; set; }
}

public enum AttachmentStoreKind
{
    FileSystem,
    AzureBlob,
}

using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

/// <summary>
/// Attachments in a private Azure Blob Storage container, one blob per attachment: shared by every instance. Reached
/// as the app's managed identity (<c>Attachments__BlobServiceUri</c>), or with a connection string for local use
/// (<c>Attachments__BlobConnectionString</c>, Azurite). The container is created, private, on first use.
/// </summary>
internal sealed class AzureBlobAttachmentStore(IOptions<AttachmentOptions> options) : IAttachmentStore
{
    /// <summary>Blocks of 4 MiB, one at a time: an upload holds one block in memory, not the file.</summary>
    private static readonly StorageTransferOptions OneBlockAtATime = new()
    {
        InitialTransferSize = 4 * AttachmentOptions.MiB,
        MaximumTransferSize = 4 * AttachmentOptions.MiB,
        MaximumConcurrency = 1,
    };

    private readonly Lazy<BlobContainerClient> container = new(() => Connect(options.Value));
    private volatile bool containerExists;

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(key, cancellationToken);
        await blob.UploadAsync(content, new BlobUploadOptions
        {
            TransferOptions = OneBlockAtATime,
            // Keys are new GUIDs: an existing blob under one would be a bug, never to be overwritten.
            Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
        }, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(key, cancellationToken);
        var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
        return download.Value.Content;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(key, cancellationToken);
        await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private async Task<BlobClient> BlobAsync(string key, CancellationToken cancellationToken)
    {
        if (!containerExists)
        {
            // Private: no public access level is ever set.
            await container.Value.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            containerExists = true;
        }

        return container.Value.GetBlobClient(key);
    }

    private static BlobContainerClient Connect(AttachmentOptions settings)
    {
        var service = string.IsNullOrWhiteSpace(settings.BlobConnectionString)
            ? new BlobServiceClient(settings.BlobServiceUri, new DefaultAzureCredential())
            : new BlobServiceClient(settings.BlobConnectionString);
        return service.GetBlobContainerClient(settings.BlobContainer);
    }
}

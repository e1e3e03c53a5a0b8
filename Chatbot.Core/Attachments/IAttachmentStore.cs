namespace Chatbot.Core.Attachments;

/// <summary>Where attachments' bytes live, by key: a folder (<see cref="FileSystemAttachmentStore"/>) or Azure Blob Storage.</summary>
public interface IAttachmentStore
{
    /// <summary>Copies <paramref name="content"/> to a new key as it is read, never holding it all in memory.</summary>
    Task WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the bytes; a key that is already gone is no failure.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

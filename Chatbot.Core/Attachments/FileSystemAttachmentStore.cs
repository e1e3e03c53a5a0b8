using Chatbot.Core.Hosting;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

/// <summary>
/// The default store: one file per attachment under <c>attachments/</c> in the data folder. Only one instance can use
/// it, unless that folder is shared (see <see cref="AttachmentOptions.SharedFileSystem"/>).
/// </summary>
internal sealed class FileSystemAttachmentStore(IOptions<AppDataOptions> appData) : IAttachmentStore
{
    private const int BufferSize = 81920;

    public string Root => Path.Combine(appData.Value.DataDirectory, "attachments");

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        await content.CopyToAsync(file, BufferSize, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
        => Task.FromResult<Stream>(new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true));

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <summary>Keys are ours (a GUID in hex), never a user's text, so they cannot climb out of the folder.</summary>
    private string PathOf(string key) => Path.Combine(Root, key[..2], key);
}

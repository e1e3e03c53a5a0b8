using Chatbot.Core.Data;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

/// <summary>
/// Stops the app at start-up with one line naming the setting: limits that are not positive, a blob store without an
/// address, or a FileSystem store beside PostgreSQL outside Development (PostgreSQL means several instances, and
/// each would see only its own folder).
/// </summary>
internal sealed class AttachmentOptionsValidator(IOptions<DatabaseOptions> database, bool isDevelopment) : IValidateOptions<AttachmentOptions>
{
    private const string Section = AttachmentOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AttachmentOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBytes <= 0 || options.UserStorageBytes <= 0 || options.InlineRequestBytes <= 0 || options.MaxPerMessage <= 0
            || options.UnreferencedLifetime <= TimeSpan.Zero || options.SweepInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:MaxBytes, MaxPerMessage, UserStorageBytes, InlineRequestBytes, UnreferencedLifetime and SweepInterval must be positive.");
        }

        if (options.Store == AttachmentStoreKind.AzureBlob && options.BlobServiceUri is null && string.IsNullOrWhiteSpace(options.BlobConnectionString))
        {
            failures.Add($"{Section}:Store is AzureBlob: set {Section}:BlobServiceUri (with the app's identity) or {Section}:BlobConnectionString.");
        }

        if (options.Store == AttachmentStoreKind.FileSystem && database.Value.Provider == DatabaseProvider.PostgreSQL
            && !isDevelopment && !options.SharedFileSystem)
        {
            failures.Add($"{Section}:Store is FileSystem with PostgreSQL: each instance would keep its own files; set {Section}:Store=AzureBlob "
                + $"(or {Section}:SharedFileSystem=true if the data folder is one share for every instance).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

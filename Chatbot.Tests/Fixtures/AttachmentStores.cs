using Azure.Storage.Blobs;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;

namespace Chatbot.Tests.Fixtures;

/// <summary>
/// The attachment stores the end-to-end tests run on, on every database: the FileSystem store always, the Azure Blob
/// store when an Azurite is given in <c>CHATBOT_TEST_AZURITE</c> (a connection string; <c>.ci/run</c> starts one).
/// </summary>
public static class AttachmentStores
{
    public const string AzuriteVariable = "CHATBOT_TEST_AZURITE";

    public static string? Azurite => Environment.GetEnvironmentVariable(AzuriteVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Every database crossed with every store.</summary>
    public static TheoryData<DatabaseProvider, AttachmentStoreKind> All
    {
        get
        {
            var all = new TheoryData<DatabaseProvider, AttachmentStoreKind>();
            foreach (DatabaseProvider provider in Databases.All)
            {
                all.Add(provider, AttachmentStoreKind.FileSystem);
                if (Azurite is not null)
                {
                    all.Add(provider, AttachmentStoreKind.AzureBlob);
                }
            }

            return all;
        }
    }

    /// <summary>The app's settings for <paramref name="store"/> (a blob container of its own), on top of <paramref name="settings"/>.</summary>
    internal static Dictionary<string, string?> With(AttachmentStoreKind store, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (store == AttachmentStoreKind.AzureBlob)
        {
            all["Attachments__Store"] = "AzureBlob";
            all["Attachments__BlobConnectionString"] = Azurite;
            all["Attachments__BlobContainer"] = $"test{Guid.NewGuid():N}";
        }

        return all;
    }

    /// <summary>How many attachments' bytes the store holds: files under the data folder, or blobs in the container.</summary>
    internal static int Count(IReadOnlyDictionary<string, string?> settings, string dataDirectory)
    {
        if (settings.TryGetValue("Attachments__Store", out var store) && store == "AzureBlob")
        {
            var container = new BlobContainerClient(settings["Attachments__BlobConnectionString"], settings["Attachments__BlobContainer"]);
            return container.Exists().Value ? container.GetBlobs().Count() : 0;
        }

        var root = Path.Combine(dataDirectory, "attachments");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Length : 0;
    }
}

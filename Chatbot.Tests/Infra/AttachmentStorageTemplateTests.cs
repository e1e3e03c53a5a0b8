namespace Chatbot.Tests.Infra;

/// <summary>Where a deployment keeps attachments: a private container of the app's own storage, named in its settings.</summary>
public sealed class AttachmentStorageTemplateTests
{
    [Fact]
    public void The_attachments_container_is_private()
    {
        var storage = CompiledTemplate.Main.Modules.Single(module => module.Name == "storage");
        var container = Assert.Single(
            storage.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"),
            resource => resource.GetRawText().Contains("attachmentsContainerName", StringComparison.Ordinal));

        Assert.Equal("attachments", storage.Variable("attachmentsContainerName").GetString());
        Assert.Equal("None", container.GetProperty("properties").GetProperty("publicAccess").GetString());
    }

    [Fact]
    public void The_app_uses_the_blob_store_as_its_identity_with_no_connection_string()
    {
        var text = CompiledTemplate.Main.Modules.Single(module => module.Name == "appsettings").Text;

        // The settings are a union of objects, which compiles to createObject('name', value, …).
        Assert.Contains("'Attachments__Store', 'AzureBlob'", text, StringComparison.Ordinal);
        Assert.Contains("'Attachments__BlobServiceUri', parameters('blobEndpoint')", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Attachments__BlobConnectionString", text, StringComparison.Ordinal);
    }
}

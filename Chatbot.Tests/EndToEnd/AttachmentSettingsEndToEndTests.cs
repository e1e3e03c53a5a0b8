using System.Security.Cryptography;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Attachment settings that cannot work stop the app at start-up with one line naming the setting.</summary>
public sealed class AttachmentSettingsEndToEndTests
{
    [Theory]
    [InlineData("PostgreSQL", "FileSystem",
        "Chatbot cannot start: Attachments:Store is FileSystem with PostgreSQL: each instance would keep its own files; set Attachments:Store=AzureBlob (or Attachments:SharedFileSystem=true if the data folder is one share for every instance).")]
    [InlineData("Sqlite", "AzureBlob",
        "Chatbot cannot start: Attachments:Store is AzureBlob: set Attachments:BlobServiceUri (with the app's identity) or Attachments:BlobConnectionString.")]
    public async Task A_store_that_cannot_serve_this_deployment_stops_the_app_with_one_line(string database, string store, string line)
    {
        var data = Directory.CreateTempSubdirectory("chatbot-badstore-").FullName;
        await using var host = LocalHostProcess.Launch(new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["Chatbot__DataDirectory"] = data,
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Gemini__ApiKey"] = "some-key",
            ["Database__Provider"] = database,
            // Never reached: the settings are refused first.
            ["ConnectionStrings__Chatbot"] = database == "PostgreSQL" ? "Host=127.0.0.1;Port=9;Username=nobody" : null,
            ["Attachments__Store"] = store,
        });

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains($"worker: {line}", host.Output.Split('\n').Select(text => text.Trim()));
        Directory.Delete(data, recursive: true);
    }
}

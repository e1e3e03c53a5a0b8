using System.Net;
using System.Text;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Attachments on two instances of one deployment: one database, one store (a blob container, or a data folder
/// declared shared) and one Gemini. A file uploaded through one is read, sent and deleted through the other, and a
/// file one instance gave Gemini's Files API is not uploaded again by the other.
/// </summary>
public sealed class AttachmentTwoInstancesTests
{
    /// <summary>Over this many bytes of base64 a PDF goes through the Files API.</summary>
    private const int InlineBudget = 2000;

    private static readonly byte[] LargePdf = [.. AttachmentApi.Pdf, .. Encoding.ASCII.GetBytes(new string('%', 3000 - AttachmentApi.Pdf.Length))];

    [Theory]
    [MemberData(nameof(AttachmentStores.All), MemberType = typeof(AttachmentStores))]
    public async Task A_file_uploaded_through_one_instance_is_read_sent_and_deleted_through_the_other(DatabaseProvider provider, AttachmentStoreKind store)
    {
        var folder = Directory.CreateTempSubdirectory("chatbot-shared-data-").FullName;
        var settings = AttachmentStores.With(store, new Dictionary<string, string?>
        {
            ["Attachments__InlineRequestBytes"] = InlineBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The file-system store's folder is the data folder: one share for both, as Attachments__SharedFileSystem declares.
            ["Chatbot__DataDirectory"] = folder,
        });
        try
        {
            await TwoInstances.RunAsync(provider, settings, oneGemini: true, async (one, two) =>
            {
                var (access, _) = await one.Api.NewUserAsync();
                var session = await one.Api.NewSessionAsync(access);
                var png = (await AttachmentApi.UploadOkAsync(one.Http, access, AttachmentApi.Png, "dot.png")).GetProperty("id").GetInt64();
                var pdf = (await AttachmentApi.UploadOkAsync(one.Http, access, LargePdf, "report.pdf")).GetProperty("id").GetInt64();

                // The other instance serves the same bytes.
                using var download = await two.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{pdf}/content/", access));
                Assert.Equal(HttpStatusCode.OK, download.StatusCode);
                Assert.Equal(LargePdf, await download.Content.ReadAsByteArrayAsync());

                // Sent through the other: the image inline, the PDF uploaded to the Files API once.
                await SendAsync(two, access, session, new { prompt = "What is in these?", attachments = new[] { png, pdf } });
                var uploaded = Assert.Single(one.Gemini.Files.Values);
                Assert.Equal(LargePdf, uploaded.Bytes);
                var asked = one.Gemini.Requests.Last(request => request.Method == "generateContent").Parts;
                Assert.Equal(AttachmentApi.Png, asked[0].InlineBytes);
                Assert.Equal(uploaded.Uri, asked[1].FileUri);

                // The first instance answers the next turn with that history: the file Gemini holds is named, not sent again.
                await SendAsync(one, access, session, new { prompt = "And the second page?" });
                Assert.Single(one.Gemini.Files);
                Assert.Equal(uploaded.Uri, one.Gemini.Requests.Last(request => request.Method == "generateContent").Parts[1].FileUri);
                Assert.Equal(2, AttachmentStores.Count(settings, folder));

                // Deleted through the first, gone on the other, bytes and all.
                using var deleted = await one.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/chatsessions/{session}/", access));
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
                await AttachmentEndToEndTests.AssertRefusedAsync(
                    await two.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{png}/content/", access)), 404, "not_found");
                Assert.Equal(0, AttachmentStores.Count(settings, folder));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SendAsync(ChatbotApp app, string access, long session, object body)
    {
        using var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chatbot.Tests.Import;

namespace Chatbot.Tests.EndToEnd;

/// <summary><c>POST /chatsessions/import/</c> through the local host and the real worker.</summary>
public sealed class ImportEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    private const int TenMiB = 10 * 1024 * 1024;

    private HttpClient Http => app.Http;

    [Fact]
    public async Task A_chatgpt_export_becomes_sessions_listed_like_any_other()
    {
        var (access, _) = await app.Api.NewUserAsync();

        var response = await ImportAsync(access, ChatGptImportTests.Sample);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Paris trip", "Unanswered"], created.EnumerateArray().Select(session => session.GetProperty("title").GetString()));
        var listed = await app.Api.GetJsonAsync(access, "/chatsessions/");
        Assert.Equal(
            created.EnumerateArray().Select(session => session.GetRawText()).Order(StringComparer.Ordinal),
            listed.EnumerateArray().Select(session => session.GetRawText()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_export_with_every_branch_imports_as_the_same_tree_and_the_next_send_continues_its_current_branch()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await app.Api.NewSessionAsync(access, "Round trip");
        var first = await SendAsync(access, $"/chatsessions/{session}/messages/", "first");
        var second = await SendAsync(access, $"/chatsessions/{session}/messages/", "second");
        await SendAsync(access, $"/chatsessions/{session}/messages/{second}/regenerate/", null);
        var export = await ExportTextAsync(access, session);

        var response = await ImportAsync(access, export);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var copy = (await response.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetInt64();
        var original = JsonDocument.Parse(export).RootElement;
        var imported = JsonDocument.Parse(await ExportTextAsync(access, copy)).RootElement;
        Assert.Equal(
            original.GetProperty("messages").EnumerateArray().Select(Comparable),
            imported.GetProperty("messages").EnumerateArray().Select(Comparable));
        Assert.Equal(3, imported.GetProperty("messages").GetArrayLength());
        Assert.NotEqual(first, imported.GetProperty("messages")[0].GetProperty("id").GetInt64());

        await SendAsync(access, $"/chatsessions/{copy}/messages/", "third");

        Assert.Equal(
            [("user", "first"), ("model", "echo: first"), ("user", "second"), ("model", "echo: second"), ("user", "third")],
            app.Gemini.Requests.Last().Contents);
    }

    [Fact]
    public async Task A_file_of_exactly_10_MiB_gets_through_the_host_and_the_worker()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var sample = ChatGptImportTests.Sample;
        var padded = sample + new string(' ', TenMiB - Encoding.UTF8.GetByteCount(sample));

        var response = await ImportAsync(access, padded);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_file_over_10_MiB_is_refused_with_413()
    {
        var (access, _) = await app.Api.NewUserAsync();

        var response = await ImportAsync(access, "[" + new string(' ', TenMiB) + "]");

        var problem = await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal("The request body is larger than 10 MiB.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_chatgpt_comb_whose_answers_would_repeat_its_turns_is_refused_with_a_400_problem_and_stores_nothing()
    {
        var (access, _) = await app.Api.NewUserAsync();

        var response = await ImportAsync(access, new JsonArray(ImportWorstCaseTests.Comb(spine: 700, textLength: 100)).ToJsonString());

        var problem = await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.BadRequest, "too_much_text");
        Assert.StartsWith(
            "Conversation 0 (\"Comb\") takes the file past 20000000 characters of prompts and answers",
            problem.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(0, (await app.Api.GetJsonAsync(access, "/chatsessions/")).GetArrayLength());
    }

    [Theory]
    [InlineData("[{\"title\": ", "invalid_json")]
    [InlineData("{\"hello\": \"world\"}", "invalid_body")]
    [InlineData("", "invalid_body")]
    [InlineData("[{\"title\": \"No mapping\", \"create_time\": 1700000000, \"current_node\": \"x\"}]", "validation_failed")]
    public async Task A_bad_file_is_a_400_problem_and_stores_nothing(string file, string code)
    {
        var (access, _) = await app.Api.NewUserAsync();

        var response = await ImportAsync(access, file);

        var problem = await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.BadRequest, code);
        if (code == "validation_failed")
        {
            Assert.Equal(
                "Conversation 0 (\"No mapping\"): This field is required.",
                problem.GetProperty("errors").GetProperty("conversations[0].mapping")[0].GetString());
        }

        Assert.Equal(0, (await app.Api.GetJsonAsync(access, "/chatsessions/")).GetArrayLength());
    }

    [Fact]
    public async Task Importing_needs_a_login()
    {
        var response = await Http.PostAsync("/chatsessions/import/", new StringContent(ChatGptImportTests.Sample, Encoding.UTF8, "application/json"));

        await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.Unauthorized, "not_authenticated");
    }

    /// <summary>A message as exported, less what an import renews: its id, its session's, and the ids it points at.</summary>
    private static string Comparable(JsonElement message)
        => string.Join("|", message.EnumerateObject()
            .Where(field => field.Name is not ("id" or "session" or "parent" or "siblings"))
            .Select(field => $"{field.Name}={field.Value.GetRawText()}"))
            + $"|root={message.GetProperty("parent").ValueKind == JsonValueKind.Null}|siblings={message.GetProperty("siblings").GetArrayLength()}";

    private Task<HttpResponseMessage> ImportAsync(string access, string file)
    {
        var request = ApiClient.Request(HttpMethod.Post, "/chatsessions/import/", access);
        request.Content = new StringContent(file, Encoding.UTF8, "application/json");
        return Http.SendAsync(request);
    }

    private async Task<string> ExportTextAsync(string access, long session)
    {
        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{session}/export/?format=json&branches=all", access));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<long> SendAsync(string access, string path, string? prompt)
    {
        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, path, access, prompt is null ? null : new { prompt }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }
}

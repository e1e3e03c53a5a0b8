using System.Text;
using System.Text.Json;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Tests.Functions;

/// <summary>Every way a body can be wrong is a 4xx problem that names it, never an exception the caller sees as a 500.</summary>
public sealed class JsonBodyReaderTests
{
    [Theory]
    [InlineData("{\"username\": ", "application/json", 400, "invalid_json")]
    [InlineData("{\"username\": \"a\" /* a comment */}", "application/json", 400, "invalid_json")]
    [InlineData("[1, 2]", "application/json", 400, "invalid_body")]
    [InlineData("\"text\"", "application/json", 400, "invalid_body")]
    [InlineData("null", "application/json", 400, "invalid_body")]
    [InlineData("{\"username\": 5, \"email\": \"a@example.com\", \"password\": \"testpass\"}", "application/json", 400, "validation_failed")]
    [InlineData("{\"username\": {\"a\": 1}}", "application/json", 400, "validation_failed")]
    [InlineData("username=a&password=b", "application/x-www-form-urlencoded", 415, "unsupported_media_type")]
    [InlineData("{\"username\": \"a\"}", "text/plain", 415, "unsupported_media_type")]
    [InlineData("{\"username\": \"a\"}", null, 415, "unsupported_media_type")]
    public async Task A_bad_body_is_a_clear_4xx_problem(string body, string? contentType, int status, string code)
        => (await ProblemOfAsync(TestHttp.Post(body, contentType))).AssertProblem(status, code);

    [Fact]
    public async Task Invalid_json_says_where()
    {
        var problem = (await ProblemOfAsync(TestHttp.Post("{\n\"username\": ,"))).AssertProblem(400, "invalid_json");

        Assert.Equal("The request body is not valid JSON (line 2, byte 13).", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"username\": 5}", "username", "Not a valid string.")]
    [InlineData("{\"username\": \"a\", \"password\": [\"b\"]}", "password", "Not a valid string.")]
    public async Task A_field_of_the_wrong_type_is_named_in_errors(string body, string field, string message)
    {
        var problem = (await ProblemOfAsync(TestHttp.Post(body))).AssertProblem(400, "validation_failed");

        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(item => item.GetString()));
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_invalid_json()
    {
        var deep = $"{{\"title\": {new string('[', RequestLimits.Default.MaxJsonDepth)}{new string(']', RequestLimits.Default.MaxJsonDepth)}}}";

        (await ProblemOfAsync(TestHttp.Post(deep))).AssertProblem(400, "invalid_json");
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_anything_is_read()
    {
        var request = TestHttp.Post("{}");
        request.Body = new UnreadableStream();
        request.ContentLength = RequestLimits.Default.MaxBodyBytes + 1;

        (await ProblemOfAsync(request)).AssertProblem(413, "payload_too_large");
    }

    [Fact]
    public async Task A_body_over_the_limit_without_a_declared_length_is_refused_while_reading()
    {
        var request = TestHttp.Post(new string(' ', RequestLimits.Default.MaxBodyBytes) + "{}");
        request.ContentLength = null;

        (await ProblemOfAsync(request)).AssertProblem(413, "payload_too_large");
    }

    [Fact]
    public async Task A_body_at_the_limit_is_read()
    {
        var body = "{\"title\": \"t\"}";
        var request = TestHttp.Post(body + new string(' ', RequestLimits.Default.MaxBodyBytes - Encoding.UTF8.GetByteCount(body)));

        Assert.Equal("t", (await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SessionRequest, CancellationToken.None)).Title);
    }

    [Fact]
    public async Task The_import_limits_read_a_chatgpt_file_and_still_cap_the_depth()
    {
        using var sample = await JsonBodyReader.ReadDocumentAsync(
            TestHttp.Post(Import.ChatGptImportTests.Sample), RequestLimits.Import, CancellationToken.None);
        var deep = $"{new string('[', RequestLimits.Import.MaxJsonDepth + 1)}{new string(']', RequestLimits.Import.MaxJsonDepth + 1)}";

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => JsonBodyReader.ReadDocumentAsync(TestHttp.Post(deep), RequestLimits.Import, CancellationToken.None));

        Assert.Equal(JsonValueKind.Array, sample!.RootElement.ValueKind);
        Assert.Equal("invalid_json", problem.Code);
    }

    [Fact]
    public async Task The_import_limit_is_10_MiB_and_every_other_route_keeps_256_KiB()
    {
        var request = TestHttp.Post("[]");
        request.Body = new UnreadableStream();
        request.ContentLength = RequestLimits.Import.MaxBodyBytes + 1;

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => JsonBodyReader.ReadDocumentAsync(request, RequestLimits.Import, CancellationToken.None));

        Assert.Equal(("payload_too_large", "The request body is larger than 10 MiB."), (problem.Code, problem.Message));
        Assert.Equal((10 * 1024 * 1024, 256 * 1024), (RequestLimits.Import.MaxBodyBytes, RequestLimits.Default.MaxBodyBytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public async Task An_empty_body_reads_as_an_empty_object_so_core_names_the_missing_fields(string body)
    {
        var read = await JsonBodyReader.ReadAsync(TestHttp.Post(body, contentType: body.Length == 0 ? null : "application/json"),
            ApiJsonContext.Default.RegisterRequest, CancellationToken.None);

        Assert.Equal((null, null, null), (read.Username, read.Email, read.Password));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/merge-patch+json")]
    public async Task Json_media_types_are_read_with_snake_case_names_and_read_only_fields_ignored(string contentType)
    {
        var request = TestHttp.Post("{\"id\": 7, \"user\": 3, \"title\": \"t\", \"system_prompt\": \"Be brief.\", \"model\": null}", contentType);

        var read = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SessionRequest, CancellationToken.None);

        Assert.Equal(("t", "Be brief.", null), (read.Title, read.SystemPrompt, read.Model));
    }

    [Fact]
    public async Task A_cancelled_read_is_a_cancellation_not_a_problem()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => JsonBodyReader.ReadAsync(TestHttp.Post("{}"), ApiJsonContext.Default.SessionRequest, cancelled.Token));
    }

    private static async Task<ExecutedResult> ProblemOfAsync(HttpRequest request)
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.RegisterRequest, CancellationToken.None));
        return await TestHttp.ExecuteAsync(ProblemResult.From(problem));
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("The body was read although its declared length is over the limit.");
    }
}

using Chatbot.Core.Errors;
using Chatbot.Functions.Http;

namespace Chatbot.Tests.Functions;

/// <summary>The one error shape: RFC 9457 problem+json, one status per kind, and SimpleJWT's token error as old clients read it.</summary>
public sealed class ProblemResultTests
{
    public static readonly TheoryData<ProblemKind, int> StatusByKind = new()
    {
        { ProblemKind.Validation, 400 },
        { ProblemKind.BadRequest, 400 },
        { ProblemKind.Unauthorized, 401 },
        { ProblemKind.Forbidden, 403 },
        { ProblemKind.NotFound, 404 },
        { ProblemKind.Conflict, 409 },
        { ProblemKind.PayloadTooLarge, 413 },
        { ProblemKind.UnsupportedMediaType, 415 },
        { ProblemKind.Unprocessable, 422 },
        { ProblemKind.TooManyRequests, 429 },
        { ProblemKind.BadGateway, 502 },
        { ProblemKind.Unavailable, 503 },
        { ProblemKind.GatewayTimeout, 504 },
    };

    [Fact]
    public void Every_kind_has_a_status_in_the_table() => Assert.Equal(Enum.GetValues<ProblemKind>(), StatusByKind.Select(row => (ProblemKind)row[0]));

    [Theory]
    [MemberData(nameof(StatusByKind))]
    public async Task Each_kind_answers_its_status_with_its_code_as_problem_json(ProblemKind kind, int status)
    {
        var executed = await TestHttp.ExecuteAsync(ProblemResult.From(new ProblemException(kind, "some_code", "What went wrong.")));

        var problem = executed.AssertProblem(status, "some_code");
        Assert.Equal("What went wrong.", problem.GetProperty("detail").GetString());
        Assert.Equal(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), problem.GetProperty("title").GetString());
        Assert.StartsWith("https://tools.ietf.org/html/rfc", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(status == 401 ? "Bearer realm=\"api\"" : "", executed.Header("WWW-Authenticate").ToString());
    }

    [Fact]
    public async Task A_bad_token_answers_as_simplejwt_does_with_nothing_more_than_the_rfc_members()
    {
        var executed = await TestHttp.ExecuteAsync(ProblemResult.From(ProblemException.InvalidToken()));

        var problem = executed.AssertProblem(401, "token_not_valid");
        Assert.Equal("Token is invalid or expired", problem.GetProperty("detail").GetString());
        Assert.Equal(["type", "title", "status", "detail", "code"], problem.EnumerateObject().Select(member => member.Name));
    }

    [Fact]
    public async Task Validation_errors_are_listed_by_field()
    {
        var errors = new Dictionary<string, string[]> { ["title"] = ["Too long.", "Not allowed."], ["model"] = ["Unknown."] };

        var problem = (await TestHttp.ExecuteAsync(ProblemResult.From(ProblemException.Validation(errors)))).AssertProblem(400, "validation_failed");

        Assert.Equal(["Too long.", "Not allowed."], problem.GetProperty("errors").GetProperty("title").EnumerateArray().Select(item => item.GetString()));
        Assert.Equal(["Unknown."], problem.GetProperty("errors").GetProperty("model").EnumerateArray().Select(item => item.GetString()));
    }

    [Fact]
    public async Task Extensions_keep_their_json_types()
    {
        var extensions = new Dictionary<string, object> { ["message_id"] = 12L, ["attempts"] = 3, ["kept"] = true, ["model"] = "gemini-2.5-pro" };

        var problem = (await TestHttp.ExecuteAsync(ProblemResult.From(new ProblemException(ProblemKind.BadGateway, "gemini_error", "Upstream failed.")
        {
            Extensions = extensions,
        }))).AssertProblem(502, "gemini_error");

        Assert.Equal((12L, 3, true, "gemini-2.5-pro"), (problem.GetProperty("message_id").GetInt64(), problem.GetProperty("attempts").GetInt32(),
            problem.GetProperty("kept").GetBoolean(), problem.GetProperty("model").GetString()));
    }

    [Theory]
    [InlineData(47_000, "47")]
    [InlineData(1_200, "2")]
    [InlineData(100, "1")]
    [InlineData(0, "1")]
    public async Task Retry_after_is_whole_seconds_rounded_up_and_never_zero(int milliseconds, string header)
    {
        var executed = await TestHttp.ExecuteAsync(ProblemResult.From(new ProblemException(ProblemKind.TooManyRequests, "gemini_rate_limited", "Slow down.")
        {
            RetryAfter = TimeSpan.FromMilliseconds(milliseconds),
        }));

        Assert.Equal(header, executed.Header("Retry-After").ToString());
    }

    [Fact]
    public async Task The_body_alone_for_a_stream_event_is_the_same_json_as_the_answer()
    {
        var result = ProblemResult.From(new ProblemException(ProblemKind.Unavailable, "gemini_unavailable", "Try later.") { RetryAfter = TimeSpan.FromSeconds(3) });

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            result.Write(writer);
        }

        Assert.Equal((await TestHttp.ExecuteAsync(result)).Body, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}

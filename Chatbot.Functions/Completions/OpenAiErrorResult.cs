using System.Text.Json;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Completions;

/// <summary>
/// An error on <c>/v1/</c> in OpenAI's shape, <c>{"error": {"message", "type", "param", "code"}}</c>, which OpenAI's
/// clients parse: the same status, code and <c>Retry-After</c> as the problem+json the rest of the API answers.
/// </summary>
internal sealed class OpenAiErrorResult(int status, string code, string message) : IResult
{
    public string? Param { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public static OpenAiErrorResult From(ProblemException problem) => new(ProblemResult.StatusOf(problem.Kind), problem.Code, problem.Message)
    {
        // A field's own message says more than "One or more fields are invalid".
        Param = problem.Errors?.Keys.FirstOrDefault(),
        RetryAfter = problem.RetryAfter,
    };

    public static OpenAiErrorResult Crash(string message) => new(StatusCodes.Status500InternalServerError, "internal_error", message);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        ProblemResult.WriteHeaders(response, status, RetryAfter);
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        Write(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>The <c>error</c> member, also sent as a chunk when a stream fails after it began.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("error");
        writer.WriteString("message", Param is null ? message : $"{message} ({Param})");
        writer.WriteString("type", TypeOf(status));
        writer.WriteString("param", Param);
        writer.WriteString("code", code);
        writer.WriteEndObject();
    }

    private static string TypeOf(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}

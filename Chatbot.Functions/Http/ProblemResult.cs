using System.Globalization;
using System.Text.Json;
using Chatbot.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Chatbot.Functions.Http;

/// <summary>
/// The one shape of every error: RFC 9457 problem+json with a stable <c>code</c>, field <c>errors</c> for
/// validation, and any extensions. Token errors keep SimpleJWT's <c>detail</c> and <c>code</c>, so old clients
/// read them as before.
/// </summary>
internal sealed class ProblemResult(int status, string code, string detail) : IResult
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public IReadOnlyDictionary<string, object>? Extensions { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public static ProblemResult From(ProblemException problem) => new(StatusOf(problem.Kind), problem.Code, problem.Message)
    {
        Errors = problem.Errors,
        Extensions = problem.Extensions,
        RetryAfter = problem.RetryAfter,
    };

    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.Validation or ProblemKind.BadRequest => StatusCodes.Status400BadRequest,
        ProblemKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ProblemKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ProblemKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ProblemKind.BadGateway => StatusCodes.Status502BadGateway,
        ProblemKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ProblemKind.GatewayTimeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        WriteHeaders(response, status, RetryAfter);
        await using var writer = new Utf8JsonWriter(response.Body);
        Write(writer);
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>
    /// The headers an error carries whatever its body's shape (this one, or <c>/v1/</c>'s OpenAI error): the scheme a
    /// 401 asks for, and when to retry, in whole seconds and never less than one.
    /// </summary>
    public static void WriteHeaders(HttpResponse response, int status, TimeSpan? retryAfter)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"api\"";
        }

        if (retryAfter is { } delay)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The problem's JSON body, also written as the data of a stream's <c>error</c> event.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", TypeOf(status));
        writer.WriteString("title", ReasonPhrases.GetReasonPhrase(status));
        writer.WriteNumber("status", status);
        writer.WriteString("detail", detail);
        writer.WriteString("code", code);
        if (Errors is { Count: > 0 })
        {
            writer.WriteStartObject("errors");
            foreach (var (field, messages) in Errors)
            {
                writer.WriteStartArray(field);
                foreach (var message in messages)
                {
                    writer.WriteStringValue(message);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        foreach (var (name, value) in Extensions ?? new Dictionary<string, object>())
        {
            switch (value)
            {
                case long number:
                    writer.WriteNumber(name, number);
                    break;
                case int number:
                    writer.WriteNumber(name, number);
                    break;
                case bool flag:
                    writer.WriteBoolean(name, flag);
                    break;
                default:
                    writer.WriteString(name, value.ToString());
                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The RFC 9110 section that defines the status, as ASP.NET Core's own problem details do.</summary>
    private static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        502 => "https://tools.ietf.org/html/rfc9110#section-15.6.3",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        504 => "https://tools.ietf.org/html/rfc9110#section-15.6.5",
        _ => "about:blank",
    };
}

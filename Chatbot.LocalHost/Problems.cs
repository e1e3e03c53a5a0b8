using System.Text.Json;

namespace Chatbot.LocalHost;

/// <summary>The host's own errors, in the same problem+json shape the app uses.</summary>
internal static class Problems
{
    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // Only ever a worker starting or restarting: it is ready within seconds.
            context.Response.Headers.RetryAfter = "1";
        }

        // As the app's own answers: a browser must not guess another type for an error body.
        context.Response.Headers.XContentTypeOptions = "nosniff";

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("type", "about:blank");
        writer.WriteString("title", Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status));
        writer.WriteNumber("status", status);
        writer.WriteString("detail", detail);
        writer.WriteString("code", code);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}

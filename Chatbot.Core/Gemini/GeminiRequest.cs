using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chatbot.Core.Gemini;

/// <summary>A request to a model's REST resource, authenticated the one way both Gemini clients use.</summary>
internal static class GeminiRequest
{
    /// <param name="settings">Where Gemini is and the key (already checked to be present).</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="model">The model's name, such as <c>gemini-2.5-flash</c>.</param>
    /// <param name="call">What follows the model in the path: <c>:generateContent</c> and the like, or empty for the model itself.</param>
    /// <param name="content">The body, if any.</param>
    public static HttpRequestMessage Create(GeminiOptions settings, HttpMethod method, string model, string call, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, $"{settings.BaseUrl.TrimEnd('/')}/v1beta/models/{Uri.EscapeDataString(model)}{call}")
        {
            Content = content,
        };

        // In a header, not the URL: URLs end up in logs and traces.
        request.Headers.Add("x-goog-api-key", settings.ApiKey);
        return request;
    }

    /// <summary>
    /// A JSON body with its length known. <c>JsonContent</c> would stream it with chunked transfer encoding, which
    /// costs a frame per chunk and which a server that reads only <c>Content-Length</c> (a minimal fake, such as a
    /// benchmark's) takes for garbage before the next request, ending the kept-alive connection after every call.
    /// </summary>
    public static ByteArrayContent Json<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chatbot.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary>
/// Reads a request body into a request record ourselves, so every way a body can be wrong (too big, not JSON, not
/// an object, a field of the wrong type) becomes a 4xx that names the problem, never a 500 from model binding.
/// </summary>
internal static class JsonBodyReader
{
    /// <summary>The body as <typeparamref name="T"/>; an empty body reads as <c>{}</c>, so required fields are reported by name.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : new()
    {
        using var document = await ReadDocumentAsync(request, RequestLimits.Default, cancellationToken);
        if (document is null)
        {
            return new T();
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(ProblemKind.BadRequest, "invalid_body", "The request body must be a JSON object.");
        }

        try
        {
            return document.RootElement.Deserialize(typeInfo) ?? new T();
        }
        catch (JsonException error)
        {
            var field = FieldOf(error.Path);
            throw ProblemException.Validation(field, $"Not a valid {ExpectedKind(typeInfo, field)}.");
        }
    }

    /// <summary>
    /// The body as a JSON document of any shape, within <paramref name="limits"/>; null for an empty body. For a
    /// route whose body is a file to be taken apart by Core rather than a request record.
    /// </summary>
    public static async Task<JsonDocument?> ReadDocumentAsync(HttpRequest request, RequestLimits limits, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limits.MaxBodyBytes)
        {
            throw TooLarge(limits);
        }

        using var body = await ReadLimitedAsync(request.Body, limits, cancellationToken);
        if (body.Length == 0)
        {
            return null;
        }

        if (!IsJson(request.ContentType))
        {
            throw new ProblemException(ProblemKind.UnsupportedMediaType, "unsupported_media_type",
                $"Unsupported media type \"{request.ContentType}\": send the body as application/json.");
        }

        return Parse(body.Memory, limits);
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json, RequestLimits limits)
    {
        try
        {
            // A document keeps the memory it is parsed from, so it gets a copy of its own and the pooled buffer can go back.
            return JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
        }
        catch (JsonException error)
        {
            throw new ProblemException(ProblemKind.BadRequest, "invalid_json",
                $"The request body is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}).");
        }
    }

    private static async Task<PooledBody> ReadLimitedAsync(Stream body, RequestLimits limits, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return new PooledBody(buffer, length);
                }

                length += read;
                if (length > limits.MaxBodyBytes)
                {
                    throw TooLarge(limits);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static bool IsJson(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        return mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static string FieldOf(string? path)
        => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.').Split('.', '[')[0];

    private static string ExpectedKind(JsonTypeInfo typeInfo, string field)
    {
        var type = typeInfo.Properties.FirstOrDefault(property => property.Name == field)?.PropertyType;
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "string"
            : type == typeof(int) || type == typeof(long) || type == typeof(double) ? "number"
            : type == typeof(bool) ? "boolean"
            : "value";
    }

    private static ProblemException TooLarge(RequestLimits limits)
        => new(ProblemKind.PayloadTooLarge, "payload_too_large", $"The request body is larger than {limits.Readable}.");

    private sealed class PooledBody(byte[] buffer, int length) : IDisposable
    {
        public int Length => length;

        public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

        public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
    }
}

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
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = RequestLimits.MaxJsonDepth };

    /// <summary>The body as <typeparamref name="T"/>; an empty body reads as <c>{}</c>, so required fields are reported by name.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : new()
    {
        if (request.ContentLength > RequestLimits.MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var body = await ReadLimitedAsync(request.Body, cancellationToken);
        if (body.Length == 0)
        {
            return new T();
        }

        if (!IsJson(request.ContentType))
        {
            throw new ProblemException(ProblemKind.UnsupportedMediaType, "unsupported_media_type",
                $"Unsupported media type \"{request.ContentType}\": send the body as application/json.");
        }

        using var document = Parse(body.Memory);
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

    private static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException error)
        {
            throw new ProblemException(ProblemKind.BadRequest, "invalid_json",
                $"The request body is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}).");
        }
    }

    private static async Task<PooledBody> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
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
                if (length > RequestLimits.MaxBodyBytes)
                {
                    throw TooLarge();
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

    private static ProblemException TooLarge()
        => new(ProblemKind.PayloadTooLarge, "payload_too_large",
            $"The request body is larger than {RequestLimits.MaxBodyBytes / 1024} KiB.");

    private sealed class PooledBody(byte[] buffer, int length) : IDisposable
    {
        public int Length => length;

        public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

        public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
    }
}

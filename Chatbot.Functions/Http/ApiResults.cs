using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary>Successful answers, always serialized by <see cref="ApiJsonContext"/>.</summary>
internal static class ApiResults
{
    public static IResult Ok<T>(T value, JsonTypeInfo<T> typeInfo) => TypedResults.Json(value, typeInfo);

    public static IResult Created<T>(T value, JsonTypeInfo<T> typeInfo)
        => TypedResults.Json(value, typeInfo, statusCode: StatusCodes.Status201Created);

    public static IResult NoContent() => TypedResults.NoContent();
}

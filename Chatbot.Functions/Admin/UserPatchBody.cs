using System.Text.Json;
using Chatbot.Core.Chats;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;

namespace Chatbot.Functions.Admin;

/// <summary>
/// The body of <c>PATCH /admin/users/{id}/</c>, read field by field so that a field left out is told apart from one
/// sent as null (a quota of null is the deployment's default). Other fields are ignored, as the other PATCH ignores them;
/// a field of the wrong JSON type is a 400 naming it. Whether a value is allowed is Core's to say.
/// </summary>
internal static class UserPatchBody
{
    public static UserChanges Read(Dictionary<string, JsonElement> fields)
        => new(SentString(fields, "role"), SentString(fields, "status"), SentWholeNumber(fields, "daily_token_quota"));

    private static Sent<string?>? SentString(Dictionary<string, JsonElement> fields, string name) => fields.TryGetValue(name, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.String => new(value.GetString()),
            JsonValueKind.Null => new(null),
            _ => throw ProblemException.Validation(name, "Not a valid string."),
        }
        : null;

    private static Sent<long?>? SentWholeNumber(Dictionary<string, JsonElement> fields, string name) => fields.TryGetValue(name, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => new(number),
            JsonValueKind.Null => new(null),
            _ => throw ProblemException.Validation(name, "Not a valid whole number."),
        }
        : null;
}

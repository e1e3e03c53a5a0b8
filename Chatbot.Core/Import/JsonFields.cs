using System.Text.Json;
using Chatbot.Core.Data;

namespace Chatbot.Core.Import;

/// <summary>
/// The fields of one JSON object in an import file, read by type, each failure naming the field by its path in the
/// file (<c>messages[5].prompt</c>). Absent and <c>null</c> are the same for an optional field.
/// </summary>
internal readonly struct JsonFields
{
    private readonly JsonElement element;

    private JsonFields(JsonElement element, string path)
    {
        this.element = element;
        Path = path;
    }

    public string Path { get; }

    /// <summary><paramref name="element"/>, which must be an object, found at <paramref name="path"/>.</summary>
    public static JsonFields Of(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.Object ? new(element, path) : throw new ImportFieldException(path, "Must be a JSON object.");

    public string FieldPath(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    /// <summary>The object's members in file order, a name that appears twice included twice.</summary>
    public IEnumerable<(string Name, JsonElement Value)> Properties() => element.EnumerateObject().Select(property => (property.Name, property.Value));

    public bool Has(string name) => element.TryGetProperty(name, out _);

    public JsonElement? Optional(string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public JsonElement Required(string name) => Optional(name) ?? throw new ImportFieldException(FieldPath(name), "This field is required.");

    public JsonFields RequiredObject(string name) => Of(Required(name), FieldPath(name));

    public JsonFields? OptionalObject(string name) => Optional(name) is { } value ? Of(value, FieldPath(name)) : null;

    public JsonElement RequiredArray(string name)
        => Required(name) is { ValueKind: JsonValueKind.Array } array ? array : throw new ImportFieldException(FieldPath(name), "Must be a JSON array.");

    public string RequiredString(string name) => AsString(name, Required(name));

    /// <summary>A string of at most <paramref name="max"/> characters: a longer one is refused, never cut.</summary>
    public string RequiredString(string name, int max) => AtMost(name, RequiredString(name), max);

    public string? OptionalString(string name) => Optional(name) is { } value ? AsString(name, value) : null;

    /// <summary>A string of at most <paramref name="max"/> characters: a longer one is refused, never cut.</summary>
    public string? OptionalString(string name, int max) => OptionalString(name) is { } value ? AtMost(name, value, max) : null;

    /// <summary>The problem of a text at <paramref name="field"/> longer than <paramref name="max"/> characters.</summary>
    public static ImportFieldException TooLong(string field, int max) => new(field, $"Ensure this field has no more than {max} characters.");

    public long RequiredInteger(string name) => AsInteger(name, Required(name));

    public long? OptionalInteger(string name) => Optional(name) is { } value ? AsInteger(name, value) : null;

    /// <summary>A token count: a whole number from 0 to <see cref="int.MaxValue"/>.</summary>
    public int? OptionalCount(string name) => OptionalInteger(name) switch
    {
        null => null,
        >= 0 and <= int.MaxValue and var count => (int)count,
        _ => throw new ImportFieldException(FieldPath(name), "Must be a whole number of at least 0."),
    };

    /// <summary>An ISO 8601 time with its offset, as we export them (<c>2026-11-25T09:00:00.123456Z</c>).</summary>
    public DateTime RequiredTime(string name)
    {
        var value = Required(name);
        return value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time) && HasOffset(value.GetString()!)
            ? Timestamps.Truncate(time)
            : throw new ImportFieldException(FieldPath(name), "Must be a date and time in ISO 8601 with its offset, such as 2026-11-25T09:00:00Z.");
    }

    /// <summary>Seconds since 1970 (UTC), fractions allowed, as ChatGPT writes them.</summary>
    public DateTime? OptionalEpochSeconds(string name)
    {
        if (Optional(name) is not { } value)
        {
            return null;
        }

        // 0001-01-01 to 9999-12-31, the range a stored time has.
        const double earliest = -62_135_596_800, latest = 253_402_300_799;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds is >= earliest and <= latest
            // Rounded to the microsecond a stored time keeps: a double holds these to a fraction of one, not to a tick.
            ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * 1_000_000) * TimeSpan.TicksPerMicrosecond)
            : throw new ImportFieldException(FieldPath(name), "Must be a number of seconds since 1970-01-01 UTC.");
    }

    public DateTime RequiredEpochSeconds(string name)
        => OptionalEpochSeconds(name) ?? throw new ImportFieldException(FieldPath(name), "This field is required.");

    private string AtMost(string name, string value, int max) => value.Length > max ? throw TooLong(FieldPath(name), max) : value;

    private string AsString(string name, JsonElement value)
        => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ImportFieldException(FieldPath(name), "Not a valid string.");

    private long AsInteger(string name, JsonElement value)
        => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new ImportFieldException(FieldPath(name), "Must be a whole number.");

    // A time without an offset would be read in the server's time zone: refused, as it could only be a guess.
    private static bool HasOffset(string text) => text.EndsWith('Z') || text.EndsWith('z')
        || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}

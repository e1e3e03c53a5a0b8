namespace Chatbot.Core.Errors;

/// <summary>
/// An expected failure the caller must hear about: bad input, a missing resource, an upstream outage.
/// <see cref="Code"/> is stable for machines; <see cref="Exception.Message"/> is the human detail and never
/// carries secrets or prompt text.
/// </summary>
public sealed class ProblemException(ProblemKind kind, string code, string detail, Exception? innerException = null)
    : Exception(detail, innerException)
{
    public ProblemKind Kind { get; } = kind;

    public string Code { get; } = code;

    /// <summary>Field name → messages, for <see cref="ProblemKind.Validation"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Extra members for the problem body, such as the id of a message that was kept.</summary>
    public IReadOnlyDictionary<string, object>? Extensions { get; init; }

    public static ProblemException Validation(string field, string message)
        => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemException Validation(IReadOnlyDictionary<string, string[]> errors)
        => new(ProblemKind.Validation, "validation_failed", "One or more fields are invalid.") { Errors = errors };

    public static ProblemException NotFound(string what)
        => new(ProblemKind.NotFound, "not_found", $"{what} was not found.");

    /// <summary>The SimpleJWT-compatible answer for any token that fails validation.</summary>
    public static ProblemException InvalidToken()
        => new(ProblemKind.Unauthorized, "token_not_valid", "Token is invalid or expired");
}

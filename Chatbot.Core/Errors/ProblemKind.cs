namespace Chatbot.Core.Errors;

/// <summary>The kinds of failure Core reports; the host maps each to one HTTP status in one place.</summary>
public enum ProblemKind
{
    Validation,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyRequests,
    BadGateway,
    Unavailable,
    GatewayTimeout,
}

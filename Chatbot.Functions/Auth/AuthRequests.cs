namespace Chatbot.Functions.Auth;

internal sealed record RegisterRequest
{
    public string? Username { get; init; }

    public string? Email { get; init; }

    public string? Password { get; init; }

    /// <summary>Required while the registration mode is <c>invite</c>; ignored otherwise.</summary>
    public string? InviteCode { get; init; }
}

internal sealed record LoginRequest
{
    public string? Username { get; init; }

    public string? Password { get; init; }
}

internal sealed record RefreshRequest
{
    public string? Refresh { get; init; }
}

internal sealed record VerifyRequest
{
    public string? Token { get; init; }
}

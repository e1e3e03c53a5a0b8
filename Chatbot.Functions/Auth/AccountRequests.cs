namespace Chatbot.Functions.Auth;

internal sealed record ChangePasswordRequest
{
    public string? CurrentPassword { get; init; }

    public string? NewPassword { get; init; }
}

internal sealed record DeleteAccountRequest
{
    public string? CurrentPassword { get; init; }
}

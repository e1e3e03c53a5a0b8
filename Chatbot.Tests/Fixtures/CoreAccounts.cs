using Chatbot.Core.Auth;

namespace Chatbot.Tests.Fixtures;

/// <summary>What a visitor does with Core's account services, each step in its own scope as one request would be.</summary>
internal static class CoreAccounts
{
    public static Task<UserDto> RegisterAsync(
        this CoreServices core, string username, string email, string password, string clientAddress = CoreServices.ClientAddress, string? inviteCode = null)
        => core.InScopeAsync<AccountRegistration, UserDto>(
            registration => registration.RegisterAsync(username, email, password, inviteCode, clientAddress, default));

    public static Task<TokenPair> LoginAsync(this CoreServices core, string username, string password, string clientAddress = CoreServices.ClientAddress)
        => core.InScopeAsync<PasswordLogin, TokenPair>(login => login.LoginAsync(username, password, clientAddress, default));

    public static Task<TokenPair> RefreshAsync(this CoreServices core, string refresh)
        => core.InScopeAsync<LoginTokens, TokenPair>(tokens => tokens.RefreshAsync(refresh, default));

    public static Task<AuthenticatedUser?> AuthenticateAsync(this CoreServices core, string access)
        => core.InScopeAsync<LoginTokens, AuthenticatedUser?>(tokens => tokens.AuthenticateAsync(access));
}

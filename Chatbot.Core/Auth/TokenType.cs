namespace Chatbot.Core.Auth;

/// <summary>The <c>token_type</c> claim, as SimpleJWT names it: an access token never works as a refresh token.</summary>
public static class TokenType
{
    public const string Access = "access";
    public const string Refresh = "refresh";
}

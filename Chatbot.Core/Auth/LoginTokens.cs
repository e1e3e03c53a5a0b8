using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chatbot.Core.Auth;

/// <summary>
/// The tokens of a login: issuing a pair, refreshing it (rotation, replay detection, family revocation), verifying a
/// token and authenticating a request's access token.
/// </summary>
public sealed partial class LoginTokens(
    ChatbotDbContext db,
    JwtTokenService tokens,
    TokenRevocation revocation,
    RevokedFamilyCache revokedFamilies,
    TimeProvider time,
    ILogger<LoginTokens> logger)
{
    /// <summary>
    /// Exchanges a refresh token for a new pair. Each refresh token works once; presenting a spent one means it was
    /// copied, so every token of that login is revoked. Only an active account's logins go on: switching an account
    /// off revokes its logins too, and this check holds if a login slipped in while that happened.
    /// </summary>
    public async Task<TokenPair> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        var stored = await FindRefreshTokenAsync(refreshToken, cancellationToken);
        if (!await db.Users.AnyAsync(user => user.Id == stored.UserId && user.Status == AccountStatus.Active, cancellationToken))
        {
            // SimpleJWT's refresh serializer, for a user its authentication rule refuses.
            throw new ProblemException(ProblemKind.Unauthorized, "no_active_account", "No active account found for the given token.");
        }

        var now = time.GetDatabaseNow();
        // The conditional update is the arbiter: of two concurrent refreshes of one token, exactly one changes the row.
        var spent = await db.RefreshTokens
            .Where(token => token.Id == stored.Id && token.UsedAt == null && token.RevokedAt == null)
            .ExecuteUpdateAsync(setters => setters.SetProperty(token => token.UsedAt, now), cancellationToken);
        if (spent == 0)
        {
            var revoked = await revocation.RevokeFamilyAsync(stored.FamilyId);
            LogReplay(stored.UserId, stored.FamilyId, revoked);
            throw ProblemException.InvalidToken();
        }

        return await IssuePairAsync(stored.UserId, stored.FamilyId, cancellationToken);
    }

    /// <summary>SimpleJWT's verify: any of our tokens, access or refresh, that is genuine, unexpired and not revoked; a refresh token also unspent.</summary>
    public async Task VerifyAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw ProblemException.Validation("token", "This field is required.");
        }

        var claims = await tokens.ValidateAsync(token, TokenType.Access, TokenType.Refresh) ?? throw ProblemException.InvalidToken();
        var live = claims.Type == TokenType.Refresh
            ? (await FindStoredAsync(claims, cancellationToken)).UsedAt is null
            : !await revocation.IsRevokedAsync(claims.FamilyId, cancellationToken);
        if (!live)
        {
            throw ProblemException.InvalidToken();
        }
    }

    /// <summary>
    /// The caller behind an access token, or null when the token is not a valid access token or its family was
    /// revoked (checked against this instance's cache, not the database, on every request).
    /// </summary>
    public async Task<AuthenticatedUser?> AuthenticateAsync(string? accessToken)
        => await tokens.ValidateAsync(accessToken, TokenType.Access) is { } claims && !await revokedFamilies.IsRevokedAsync(claims.FamilyId)
            ? new AuthenticatedUser(claims.UserId)
            : null;

    /// <summary>
    /// The stored row of a refresh token a client sent (in the <c>refresh</c> field): one of ours, unexpired, issued
    /// here, not revoked, its login not ended. Anything else is an invalid token. The row may already be spent.
    /// </summary>
    internal async Task<RefreshToken> FindRefreshTokenAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw ProblemException.Validation("refresh", "This field is required.");
        }

        var claims = await tokens.ValidateAsync(refreshToken, TokenType.Refresh) ?? throw ProblemException.InvalidToken();
        return await FindStoredAsync(claims, cancellationToken);
    }

    /// <summary>A new refresh and access token of <paramref name="familyId"/>; the refresh token is stored.</summary>
    internal async Task<TokenPair> IssuePairAsync(long userId, Guid familyId, CancellationToken cancellationToken)
    {
        var refresh = tokens.Issue(userId, TokenType.Refresh, familyId);
        var access = tokens.Issue(userId, TokenType.Access, familyId);
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = userId,
            FamilyId = familyId,
            TokenHash = JwtTokenService.HashTokenId(refresh.TokenId),
            IssuedAt = refresh.IssuedAt,
            ExpiresAt = refresh.ExpiresAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new TokenPair(refresh.Token, access.Token);
    }

    private async Task<RefreshToken> FindStoredAsync(TokenClaims refreshClaims, CancellationToken cancellationToken)
    {
        var hash = JwtTokenService.HashTokenId(refreshClaims.TokenId);
        var stored = await db.RefreshTokens.AsNoTracking()
            .SingleOrDefaultAsync(token => token.TokenHash == hash, cancellationToken);
        // The tombstone also covers a token issued to the winner of a race that a loser then revealed as a replay.
        return stored is null || stored.RevokedAt is not null || await revocation.IsRevokedAsync(stored.FamilyId, cancellationToken)
            ? throw ProblemException.InvalidToken()
            : stored;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refresh token reuse for user {UserId}: family {FamilyId} revoked ({Revoked} tokens). The token was probably stolen.")]
    private partial void LogReplay(long userId, Guid familyId, int revoked);
}

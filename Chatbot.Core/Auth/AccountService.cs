using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chatbot.Core.Auth;

/// <summary>Registration, login and the refresh-token lifecycle (rotation, replay detection, family revocation).</summary>
public sealed partial class AccountService(
    ChatbotDbContext db,
    PasswordHasher passwords,
    JwtTokenService tokens,
    LoginThrottle loginThrottle,
    RegistrationLimit registrationLimit,
    TimeProvider time,
    ILogger<AccountService> logger,
    TokenRevocation revocation,
    RevokedFamilyCache revokedFamilies)
{
    /// <summary>Every login looks its user up this way: compiled once, not translated again per request.</summary>
    private static readonly CompiledPerModel<Func<ChatbotDbContext, string, CancellationToken, Task<StoredPassword?>>> PasswordOf = new(
        () => EF.CompileAsyncQuery((ChatbotDbContext db, string normalized, CancellationToken _) => db.Users.AsNoTracking()
            .Where(candidate => candidate.NormalizedUsername == normalized)
            .Select(candidate => new StoredPassword(candidate.Id, candidate.PasswordHash))
            .SingleOrDefault()));

    public async Task<UserDto> RegisterAsync(
        string? username, string? email, string? password, string clientAddress, CancellationToken cancellationToken)
    {
        var errors = AccountRules.Validate(username, email, password);
        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }

        await registrationLimit.EnsureAllowedAsync(clientAddress, cancellationToken);
        var normalized = AccountRules.Normalize(username!);
        if (await db.Users.AnyAsync(user => user.NormalizedUsername == normalized, cancellationToken))
        {
            throw UsernameTaken();
        }

        var user = new User
        {
            Username = username!,
            NormalizedUsername = normalized,
            Email = email!,
            PasswordHash = await passwords.HashAsync(password!, cancellationToken),
            CreatedAt = time.GetDatabaseNow(),
        };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two registrations of one name can race past the check above; then the unique index decides.
            db.Entry(user).State = EntityState.Detached;
            if (await db.Users.AnyAsync(other => other.NormalizedUsername == normalized, CancellationToken.None))
            {
                throw UsernameTaken();
            }

            throw;
        }

        await registrationLimit.RecordAsync(clientAddress);
        return new UserDto(user.Id, user.Username, user.Email);
    }

    public async Task<TokenPair> LoginAsync(string? username, string? password, string clientAddress, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(username))
        {
            errors["username"] = ["This field is required."];
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["password"] = ["This field is required."];
        }

        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }

        var normalized = AccountRules.Normalize(username!);
        await loginThrottle.EnsureAllowedAsync(clientAddress, normalized, cancellationToken);
        var user = await PasswordOf.For(db)(db, normalized, cancellationToken);

        // Verify even when there is no such user, so the answer's timing does not reveal which usernames exist.
        if (!await passwords.VerifyAsync(password!, user?.PasswordHash, cancellationToken) || user is null)
        {
            await loginThrottle.RecordFailureAsync(clientAddress, normalized);
            throw new ProblemException(ProblemKind.Unauthorized, "no_active_account", "No active account found with the given credentials");
        }

        await loginThrottle.ResetAsync(clientAddress, normalized, cancellationToken);
        if (passwords.NeedsRehash(user.PasswordHash))
        {
            await RehashAsync(user, password!, cancellationToken);
        }

        return await IssuePairAsync(user.Id, Guid.NewGuid(), cancellationToken);
    }

    /// <summary>
    /// Stores the password again at the configured work factor. Only over the very hash that was just verified: a
    /// password changed meanwhile is never put back to the one this login knew.
    /// </summary>
    private async Task RehashAsync(StoredPassword user, string password, CancellationToken cancellationToken)
    {
        var fresh = await passwords.HashAsync(password, cancellationToken);
        await db.Users
            .Where(stored => stored.Id == user.Id && stored.PasswordHash == user.PasswordHash)
            .ExecuteUpdateAsync(setters => setters.SetProperty(stored => stored.PasswordHash, fresh), cancellationToken);
    }

    /// <summary>
    /// Exchanges a refresh token for a new pair. Each refresh token works once; presenting a spent one means it was
    /// copied, so every token of that login is revoked.
    /// </summary>
    public async Task<TokenPair> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw ProblemException.Validation("refresh", "This field is required.");
        }

        var claims = await tokens.ValidateAsync(refreshToken, TokenType.Refresh) ?? throw ProblemException.InvalidToken();
        var hash = JwtTokenService.HashTokenId(claims.TokenId);
        var stored = await db.RefreshTokens.AsNoTracking()
            .SingleOrDefaultAsync(token => token.TokenHash == hash, cancellationToken);
        // The tombstone also covers a token issued to the winner of a race that a loser then revealed as a replay.
        if (stored is null || stored.RevokedAt is not null || await revocation.IsRevokedAsync(stored.FamilyId, cancellationToken))
        {
            throw ProblemException.InvalidToken();
        }

        var now = time.GetDatabaseNow();
        // The conditional update is the arbiter: of two concurrent refreshes of one token, exactly one changes the row.
        var spent = await db.RefreshTokens
            .Where(token => token.Id == stored.Id && token.UsedAt == null && token.RevokedAt == null)
            .ExecuteUpdateAsync(setters => setters.SetProperty(token => token.UsedAt, now), cancellationToken);
        if (spent == 0)
        {
            await RevokeFamilyAsync(stored);
            throw ProblemException.InvalidToken();
        }

        return await IssuePairAsync(stored.UserId, stored.FamilyId, cancellationToken);
    }

    /// <summary>SimpleJWT's verify: any of our tokens, access or refresh, that is genuine and unexpired.</summary>
    public async Task VerifyAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw ProblemException.Validation("token", "This field is required.");
        }

        var claims = await tokens.ValidateAsync(token, TokenType.Access, TokenType.Refresh) ?? throw ProblemException.InvalidToken();
        if (await revocation.IsRevokedAsync(claims.FamilyId, cancellationToken))
        {
            throw ProblemException.InvalidToken();
        }

        if (claims.Type == TokenType.Refresh)
        {
            var hash = JwtTokenService.HashTokenId(claims.TokenId);
            var revoked = await db.RefreshTokens.AsNoTracking()
                .AnyAsync(stored => stored.TokenHash == hash && (stored.RevokedAt != null || stored.UsedAt != null), cancellationToken);
            if (revoked)
            {
                throw ProblemException.InvalidToken();
            }
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

    private async Task RevokeFamilyAsync(RefreshToken replayed)
    {
        var revoked = await revocation.RevokeFamilyAsync(replayed.FamilyId);
        LogReplay(replayed.UserId, replayed.FamilyId, revoked);
    }

    private sealed record StoredPassword(long Id, string PasswordHash);

    private static ProblemException UsernameTaken()
        => ProblemException.Validation("username", "A user with that username already exists.");

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refresh token reuse for user {UserId}: family {FamilyId} revoked ({Revoked} tokens). The token was probably stolen.")]
    private partial void LogReplay(long userId, Guid familyId, int revoked);
}

using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Auth;

/// <summary>Signing in with a username and password: throttled per address and name, answered alike for every failure.</summary>
public sealed class PasswordLogin(
    ChatbotDbContext db,
    PasswordHasher passwords,
    LoginThrottle loginThrottle,
    LoginTokens tokens)
{
    /// <summary>Every login looks its user up this way: compiled once, not translated again per request.</summary>
    private static readonly CompiledPerModel<Func<ChatbotDbContext, string, CancellationToken, Task<StoredPassword?>>> PasswordOf = new(
        () => EF.CompileAsyncQuery((ChatbotDbContext db, string normalized, CancellationToken _) => db.Users.AsNoTracking()
            .Where(candidate => candidate.NormalizedUsername == normalized)
            .Select(candidate => new StoredPassword(candidate.Id, candidate.PasswordHash))
            .SingleOrDefault()));

    /// <summary>A new login: a refresh and an access token of a new family.</summary>
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

        return await tokens.IssuePairAsync(user.Id, Guid.NewGuid(), cancellationToken);
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

    private sealed record StoredPassword(long Id, string PasswordHash);
}

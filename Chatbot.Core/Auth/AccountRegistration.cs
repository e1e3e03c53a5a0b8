using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Auth;

/// <summary>
/// Creating an account: Django's rules for the fields, one name per account in any letter case, a limit on the
/// attempts per address, and a taken name answered no faster than a new account.
/// </summary>
public sealed class AccountRegistration(
    ChatbotDbContext db,
    PasswordHasher passwords,
    RegistrationLimit registrationLimit,
    TimeProvider time)
{
    public async Task<UserDto> RegisterAsync(
        string? username, string? email, string? password, string clientAddress, CancellationToken cancellationToken)
    {
        await registrationLimit.EnsureAllowedAsync(clientAddress, cancellationToken);
        await registrationLimit.RecordAttemptAsync(clientAddress);
        var errors = AccountRules.Validate(username, email, password);
        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }

        // Hashed before the name is looked up, and for a taken name too: that answer then costs what a new account
        // costs, so its timing does not tell which usernames exist.
        var passwordHash = await passwords.HashAsync(password!, cancellationToken);
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
            PasswordHash = passwordHash,
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

        return new UserDto(user.Id, user.Username, user.Email);
    }

    private static ProblemException UsernameTaken()
        => ProblemException.Validation("username", "A user with that username already exists.");
}

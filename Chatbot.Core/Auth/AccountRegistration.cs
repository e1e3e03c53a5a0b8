using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Auth;

/// <summary>Creating an account: Django's rules for the fields, one name per account in any letter case, a limit per address.</summary>
public sealed class AccountRegistration(
    ChatbotDbContext db,
    PasswordHasher passwords,
    RegistrationLimit registrationLimit,
    TimeProvider time)
{
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

    private static ProblemException UsernameTaken()
        => ProblemException.Validation("username", "A user with that username already exists.");
}

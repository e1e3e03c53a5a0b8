using System.Text.Json.Nodes;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Auth;

/// <summary>
/// Creating an account: Django's rules for the fields, one name per account in any letter case, a limit on the
/// attempts per address, a taken name answered no faster than a new account, and the deployment's registration mode
/// (open, by invite, awaiting an admin's approval, or closed). Each new account is a line in the audit log.
/// </summary>
public sealed class AccountRegistration(
    ChatbotDbContext db,
    PasswordHasher passwords,
    RegistrationLimit registrationLimit,
    RegistrationSettings registrationSettings,
    AuditLog audit,
    TimeProvider time)
{
    public async Task<UserDto> RegisterAsync(
        string? username, string? email, string? password, string? inviteCode, string clientAddress, CancellationToken cancellationToken)
    {
        // Counted before anything is looked at, a refusal of any kind included: a wrong invite code is a guess like any other.
        await registrationLimit.EnsureAllowedAsync(clientAddress, cancellationToken);
        await registrationLimit.RecordAttemptAsync(clientAddress);
        var mode = await registrationSettings.GetModeAsync(cancellationToken);
        if (mode == RegistrationMode.Closed)
        {
            throw new ProblemException(ProblemKind.Forbidden, "registration_closed", "Registration is closed.");
        }

        var errors = new Dictionary<string, string[]>(AccountRules.Validate(username, email, password));
        if (mode == RegistrationMode.Invite && string.IsNullOrEmpty(inviteCode))
        {
            errors["invite_code"] = ["This field is required."];
        }

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
            // Approval: the account exists, and cannot sign in until an admin makes it active.
            Status = mode == RegistrationMode.Approval ? AccountStatus.Pending : AccountStatus.Active,
        };
        try
        {
            await CreateAsync(user, mode, mode == RegistrationMode.Invite ? inviteCode : null, clientAddress, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two registrations of one name can race past the check above; then the unique index decides.
            db.ChangeTracker.Clear();
            if (await db.Users.AnyAsync(other => other.NormalizedUsername == normalized, CancellationToken.None))
            {
                throw UsernameTaken();
            }

            throw;
        }

        return new UserDto(user.Id, user.Username, user.Email, AccountNames.Name(user.Status));
    }

    /// <summary>
    /// Saves the account, uses the invite's use when there is one, and writes the <c>registered</c> line, all in one
    /// transaction: an account that is not created spends no use of its invite, and none is created without its line.
    /// </summary>
    private Task CreateAsync(User user, RegistrationMode mode, string? inviteCode, string clientAddress, CancellationToken cancellationToken)
        => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // A retry starts again from nothing saved.
            db.ChangeTracker.Clear();
            user.Id = 0;
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            long? inviteId = null;
            if (inviteCode is not null)
            {
                inviteId = await db.UseInviteAsync(inviteCode, user.CreatedAt, cancellationToken)
                    ?? throw ProblemException.Validation("invite_code", "This invite code is not valid: it may have expired or been used up.");
            }

            db.Users.Add(user);
            await db.SaveChangesAsync(cancellationToken);
            var detail = new JsonObject { [RegistrationSettings.ModeKey] = RegistrationModeNames.Name(mode), ["status"] = AccountNames.Name(user.Status) };
            if (inviteId is { } id)
            {
                detail["invite"] = id;
            }

            audit.Add(new AuditLog.Actor(user.Id, user.Username), AuditActions.Registered, AuditTargets.User, AuditTargets.Id(user.Id),
                clientAddress, detail.ToJsonString());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

    private static ProblemException UsernameTaken()
        => ProblemException.Validation("username", "A user with that username already exists.");
}

using System.Text.Json.Nodes;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Operators;

/// <summary>
/// The registration mode: <c>Registration__Mode</c> until an admin changes it, then the value stored in
/// <c>deployment_settings</c>. Every registration reads it from the database (one row by its key), not from a copy
/// in memory, so a change holds on every instance from the next request on.
/// </summary>
public sealed class RegistrationSettings(ChatbotDbContext db, IOptions<RegistrationOptions> options, AuditLog audit, TimeProvider time)
{
    /// <summary>The mode's key in <c>deployment_settings</c>, and its name in the API.</summary>
    public const string ModeKey = "registration_mode";

    // Checked at start-up (RegistrationOptionsValidator), and options.Value throws for a mode it refuses: the fallback
    // is never reached, and would close sign-ups rather than open them.
    private RegistrationMode InitialMode
        => RegistrationModeNames.TryParse(options.Value.Mode, out var mode) ? mode : RegistrationMode.Closed;

    public async Task<RegistrationMode> GetModeAsync(CancellationToken cancellationToken)
    {
        var stored = await db.DeploymentSettings.AsNoTracking()
            .Where(setting => setting.Key == ModeKey)
            .Select(setting => setting.Value)
            .SingleOrDefaultAsync(cancellationToken);
        return RegistrationModeNames.TryParse(stored, out var mode) ? mode : InitialMode;
    }

    public async Task<DeploymentSettingsDto> GetAsync(CancellationToken cancellationToken)
        => new(RegistrationModeNames.Name(await GetModeAsync(cancellationToken)));

    /// <summary>
    /// Sets the registration mode to <paramref name="registrationMode"/> (null leaves it) and writes the change, from
    /// what to what, to the audit log in the same transaction. Two admins changing it at once take turns, so each
    /// line names the value it really replaced.
    /// </summary>
    public async Task<DeploymentSettingsDto> UpdateAsync(AdminActor actor, string? registrationMode, CancellationToken cancellationToken)
    {
        if (registrationMode is null)
        {
            return await GetAsync(cancellationToken);
        }

        if (!RegistrationModeNames.TryParse(registrationMode, out var mode))
        {
            throw ProblemException.Validation(ModeKey, RegistrationModeNames.Problem);
        }

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // A retry starts again from the database, not from entities a rolled-back attempt left looking saved.
            db.ChangeTracker.Clear();
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await db.LockAsync(OperatorLocks.Settings, cancellationToken);
            var stored = await db.DeploymentSettings.SingleOrDefaultAsync(setting => setting.Key == ModeKey, cancellationToken);
            var before = RegistrationModeNames.TryParse(stored?.Value, out var storedMode) ? storedMode : InitialMode;
            if (before == mode)
            {
                return;
            }

            var now = time.GetDatabaseNow();
            if (stored is null)
            {
                db.DeploymentSettings.Add(new DeploymentSetting { Key = ModeKey, Value = registrationMode, UpdatedAt = now });
            }
            else
            {
                stored.Value = registrationMode;
                stored.UpdatedAt = now;
            }

            var change = new JsonObject
            {
                [ModeKey] = new JsonObject { ["from"] = RegistrationModeNames.Name(before), ["to"] = registrationMode },
            };
            audit.Add(await db.AuditActorAsync(actor, cancellationToken), AuditActions.SettingsChanged,
                AuditTargets.Settings, ModeKey, actor.Address, change.ToJsonString());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return new DeploymentSettingsDto(registrationMode);
    }
}

using System.Text.Json.Nodes;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>
/// An admin's invites (<c>/admin/invites/</c>): made for a number of uses and days, listed without their codes, revoked.
/// Each change is a line in the audit log, saved with it.
/// </summary>
public sealed class Invites(ChatbotDbContext db, AuditLog audit, TimeProvider time)
{
    public const int MaxUses = 1000;
    public const int DefaultUses = 1;
    public const int MaxDaysValid = 365;
    public const int DefaultDaysValid = 7;

    /// <summary>A new invite; its code is in the answer and nowhere else (only its digest is stored).</summary>
    public async Task<NewInviteDto> CreateAsync(AdminActor actor, int? uses, int? expiresInDays, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (uses is < 1 or > MaxUses)
        {
            errors["uses"] = [$"Must be a whole number from 1 to {MaxUses}."];
        }

        if (expiresInDays is < 1 or > MaxDaysValid)
        {
            errors["expires_in_days"] = [$"Must be a whole number from 1 to {MaxDaysValid}."];
        }

        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }

        var (code, hash) = InviteCodeSecret.Create();
        var now = time.GetDatabaseNow();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // The invite and its line are saved together (the line names the invite's id); a retry starts from nothing saved.
            db.ChangeTracker.Clear();
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            var invite = new InviteCode
            {
                CodeHash = hash,
                UsesLeft = uses ?? DefaultUses,
                ExpiresAt = now.AddDays(expiresInDays ?? DefaultDaysValid),
                CreatedAt = now,
                CreatedById = actor.Id,
            };
            db.InviteCodes.Add(invite);
            await db.SaveChangesAsync(cancellationToken);
            audit.Add(await db.AuditActorAsync(actor, cancellationToken), AuditActions.InviteCreated, AuditTargets.Invite,
                AuditTargets.Id(invite.Id), actor.Address, Detail(invite).ToJsonString());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new NewInviteDto(invite.Id, code, invite.UsesLeft, invite.ExpiresAt);
        });
    }

    /// <summary>The invites, newest first, paged by id as the other lists are; used-up and expired ones too, until revoked.</summary>
    public async Task<Page<InviteDto>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var invites = db.InviteCodes.AsNoTracking();
        if (page.Before is { } before)
        {
            return await invites.Where(invite => invite.Id > before).OrderBy(invite => invite.Id)
                .Select(invite => new InviteDto(invite.Id, invite.UsesLeft, invite.ExpiresAt, invite.CreatedAt, invite.CreatedById))
                .ToPageBackwardAsync(page.Limit, cancellationToken);
        }

        var after = page.After ?? long.MaxValue;
        return await invites.Where(invite => invite.Id < after).OrderByDescending(invite => invite.Id)
            .Select(invite => new InviteDto(invite.Id, invite.UsesLeft, invite.ExpiresAt, invite.CreatedAt, invite.CreatedById))
            .ToPageAsync(page.Limit, hasPrevious: page.After is not null, cancellationToken);
    }

    /// <summary>Revokes an invite: it is deleted, so its code registers nobody from now on; its audit lines stay.</summary>
    public async Task RevokeAsync(AdminActor actor, long inviteId, CancellationToken cancellationToken)
    {
        var invite = await db.InviteCodes.SingleOrDefaultAsync(candidate => candidate.Id == inviteId, cancellationToken)
            ?? throw ProblemException.NotFound("The invite");
        db.InviteCodes.Remove(invite);
        audit.Add(await db.AuditActorAsync(actor, cancellationToken), AuditActions.InviteRevoked, AuditTargets.Invite,
            AuditTargets.Id(invite.Id), actor.Address, Detail(invite).ToJsonString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Revoked by another admin since it was read: for this one, as if it had never been there.
            throw ProblemException.NotFound("The invite");
        }
    }

    private static JsonObject Detail(InviteCode invite) => new() { ["uses_left"] = invite.UsesLeft, ["expires_at"] = invite.ExpiresAt };
}

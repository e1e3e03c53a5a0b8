using Chatbot.Core.Auth;
using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.Property(entry => entry.ActorUsername).HasMaxLength(AccountRules.MaxUsernameLength);
        builder.Property(entry => entry.Action).HasMaxLength(32);
        builder.Property(entry => entry.TargetType).HasMaxLength(32);
        builder.Property(entry => entry.TargetId).HasMaxLength(64);
        builder.Property(entry => entry.Address).HasMaxLength(ClientAddresses.MaxLength);
        builder.Property(entry => entry.Detail).HasMaxLength(2000);

        // Newest first, whole or by action or by user (as actor; a target user is found by TargetId).
        builder.HasIndex(entry => entry.At);
        builder.HasIndex(entry => new { entry.Action, entry.At });
        builder.HasIndex(entry => new { entry.ActorId, entry.At });
        builder.HasIndex(entry => new { entry.TargetType, entry.TargetId, entry.At });
    }
}

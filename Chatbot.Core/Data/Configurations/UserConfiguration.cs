using Chatbot.Core.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(user => user.Username).HasMaxLength(AccountRules.MaxUsernameLength);
        builder.Property(user => user.NormalizedUsername).HasMaxLength(AccountRules.MaxUsernameLength);
        builder.Property(user => user.Email).HasMaxLength(AccountRules.MaxEmailLength);
        builder.Property(user => user.PasswordHash).HasMaxLength(100);
        builder.HasIndex(user => user.NormalizedUsername).IsUnique();

        // Stored by name; the migration that added them made every existing account an active user.
        builder.Property(user => user.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(user => user.Status).HasConversion<string>().HasMaxLength(16);

        // The admin's user list filters by role and status, and the last-admin rule counts active admins.
        builder.HasIndex(user => new { user.Role, user.Status });
        builder.HasIndex(user => user.CreatedAt);
    }
}

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
    }
}

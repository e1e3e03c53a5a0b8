using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class InviteCodeConfiguration : IEntityTypeConfiguration<InviteCode>
{
    public void Configure(EntityTypeBuilder<InviteCode> builder)
    {
        builder.ToTable("invite_codes");
        builder.Property(invite => invite.CodeHash).HasMaxLength(64);
        builder.HasIndex(invite => invite.CodeHash).IsUnique();
    }
}

using Chatbot.Core.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class RevokedTokenFamilyConfiguration : IEntityTypeConfiguration<RevokedTokenFamily>
{
    public void Configure(EntityTypeBuilder<RevokedTokenFamily> builder)
    {
        builder.ToTable("revoked_token_families");
        // Not unique: two instances may revoke one family at once, and a duplicate tombstone is harmless.
        builder.HasIndex(family => family.FamilyId);
        // Every instance asks "revoked since my last look?" every few seconds.
        builder.HasIndex(family => family.RevokedAt);
    }
}

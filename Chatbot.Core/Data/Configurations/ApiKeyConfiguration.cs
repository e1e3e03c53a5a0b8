using Chatbot.Core.ApiKeys;
using Chatbot.Core.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(key => key.Name).HasMaxLength(ApiKeyService.MaxNameLength);
        builder.Property(key => key.Prefix).HasMaxLength(16);
        builder.Property(key => key.Digest).HasMaxLength(64);
        builder.Property(key => key.Scopes).HasMaxLength(64);
        builder.Property(key => key.Models).HasMaxLength(2000);
        // Every request with a key finds it by its digest.
        builder.HasIndex(key => key.Digest).IsUnique();
        builder.HasIndex(key => key.UserId);
        // Deleting the account deletes its keys: they stop working with it.
        builder.HasOne<User>().WithMany().HasForeignKey(key => key.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

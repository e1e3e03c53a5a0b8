using Chatbot.Core.Auth;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class UsageEntryConfiguration : IEntityTypeConfiguration<UsageEntry>
{
    public void Configure(EntityTypeBuilder<UsageEntry> builder)
    {
        builder.ToTable("usage_ledger");
        builder.Property(entry => entry.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(entry => entry.Status).HasConversion<string>().HasMaxLength(16);
        // SessionId and MessageId are deliberately plain columns, not foreign keys: deleting a session (and its
        // messages) must not delete or refund what was spent. Deleting the account erases everything, ledger too.
        builder.HasOne<User>().WithMany().HasForeignKey(entry => entry.UserId).OnDelete(DeleteBehavior.Cascade);
        // Serves usage per day and month, the quota and the per-minute limit: all "this user's rows since T".
        builder.HasIndex(entry => new { entry.UserId, entry.CreatedAt });
        // A key's limits and usage: "this key's rows since T". A plain column too: the ledger outlives nothing it names.
        builder.HasIndex(entry => new { entry.ApiKeyId, entry.CreatedAt });
    }
}

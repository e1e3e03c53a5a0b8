using Chatbot.Core.Auth;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class UserSearchConfiguration : IEntityTypeConfiguration<UserSearch>
{
    public void Configure(EntityTypeBuilder<UserSearch> builder)
    {
        builder.ToTable("user_searches");
        builder.HasOne<User>().WithMany().HasForeignKey(search => search.UserId).OnDelete(DeleteBehavior.Cascade);

        // The count per user within the minute, and the pruning by age.
        builder.HasIndex(search => new { search.UserId, search.SearchedAt });
        builder.HasIndex(search => search.SearchedAt);
    }
}

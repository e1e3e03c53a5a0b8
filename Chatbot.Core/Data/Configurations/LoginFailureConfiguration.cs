using Chatbot.Core.Auth;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class LoginFailureConfiguration : IEntityTypeConfiguration<LoginFailure>
{
    public void Configure(EntityTypeBuilder<LoginFailure> builder)
    {
        builder.ToTable("login_failures");
        builder.Property(failure => failure.ClientAddress).HasMaxLength(ClientAddresses.MaxLength);
        builder.Property(failure => failure.NormalizedUsername).HasMaxLength(AccountRules.MaxUsernameLength);

        // The throttle's two counts (the address, and the address with one username) and the pruning by age.
        builder.HasIndex(failure => new { failure.ClientAddress, failure.FailedAt });
        builder.HasIndex(failure => new { failure.ClientAddress, failure.NormalizedUsername, failure.FailedAt });
        builder.HasIndex(failure => failure.FailedAt);
    }
}

using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class AddressRegistrationConfiguration : IEntityTypeConfiguration<AddressRegistration>
{
    public void Configure(EntityTypeBuilder<AddressRegistration> builder)
    {
        builder.ToTable("address_registrations");
        builder.Property(registration => registration.ClientAddress).HasMaxLength(ClientAddresses.MaxLength);

        // The count per address within the hour, and the pruning by age.
        builder.HasIndex(registration => new { registration.ClientAddress, registration.RegisteredAt });
        builder.HasIndex(registration => registration.RegisteredAt);
    }
}

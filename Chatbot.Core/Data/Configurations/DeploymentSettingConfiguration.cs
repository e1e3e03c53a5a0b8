using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class DeploymentSettingConfiguration : IEntityTypeConfiguration<DeploymentSetting>
{
    public void Configure(EntityTypeBuilder<DeploymentSetting> builder)
    {
        builder.ToTable("deployment_settings");
        builder.HasKey(setting => setting.Key);
        builder.Property(setting => setting.Key).HasMaxLength(64);
        builder.Property(setting => setting.Value).HasMaxLength(256);
    }
}

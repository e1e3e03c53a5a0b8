using Chatbot.Core.Attachments;
using Chatbot.Core.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("attachments");
        builder.Property(attachment => attachment.Name).HasMaxLength(255);
        builder.Property(attachment => attachment.ContentType).HasMaxLength(100);
        builder.Property(attachment => attachment.Sha256).HasMaxLength(64);
        builder.Property(attachment => attachment.StoreKey).HasMaxLength(64);
        builder.Property(attachment => attachment.GeminiFileUri).HasMaxLength(500);
        builder.Ignore(attachment => attachment.IsImageOrPdf);
        builder.Ignore(attachment => attachment.Available);
        // Serves "my attachments" (the storage quota) and the foreign key; the sweep reads by age.
        builder.HasIndex(attachment => new { attachment.UserId, attachment.CreatedAt });
        builder.HasIndex(attachment => attachment.CreatedAt);
        builder.HasOne<User>().WithMany().HasForeignKey(attachment => attachment.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageAttachmentConfiguration : IEntityTypeConfiguration<MessageAttachment>
{
    public void Configure(EntityTypeBuilder<MessageAttachment> builder)
    {
        builder.ToTable("message_attachments");
        builder.HasKey(link => new { link.MessageId, link.AttachmentId });
        // Serves "is this attachment in use?" and the foreign key.
        builder.HasIndex(link => link.AttachmentId);
        builder.HasOne(link => link.Message).WithMany().HasForeignKey(link => link.MessageId).OnDelete(DeleteBehavior.Cascade);
        // An attachment a message refers to cannot be deleted; its message (or session) goes first.
        builder.HasOne(link => link.Attachment).WithMany().HasForeignKey(link => link.AttachmentId).OnDelete(DeleteBehavior.NoAction);
    }
}

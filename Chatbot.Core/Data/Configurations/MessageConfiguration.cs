using Chatbot.Core.Chats;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.Property(message => message.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(message => message.Model).HasMaxLength(100);
        builder.Property(message => message.FinishReason).HasMaxLength(40);
        builder.Property(message => message.ErrorCode).HasMaxLength(40);
        // Serves "this session's messages in order" and the history sent to Gemini.
        builder.HasIndex(message => new { message.SessionId, message.Id });
        // Serves a message's siblings (its parent's children; a session's first messages, whose parent is null) and
        // the foreign key below.
        builder.HasIndex(message => new { message.ParentId, message.SessionId });
        // A message's subtree goes with it; a session's whole tree goes with the session.
        builder.HasOne(message => message.Parent).WithMany().HasForeignKey(message => message.ParentId).OnDelete(DeleteBehavior.Cascade);
        // Serves the sweep for abandoned answers; only answers in progress are in it, so it stays tiny.
        builder.HasIndex(message => message.HeartbeatAt).HasFilter("\"Status\" IN ('Pending', 'Streaming')");
    }
}

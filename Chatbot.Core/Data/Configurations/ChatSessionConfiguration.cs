using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chatbot.Core.Data.Configurations;

internal sealed class ChatSessionConfiguration : IEntityTypeConfiguration<ChatSession>
{
    public void Configure(EntityTypeBuilder<ChatSession> builder)
    {
        builder.ToTable("chat_sessions");
        builder.Property(session => session.Title).HasMaxLength(ChatRules.MaxTitleLength);
        builder.Property(session => session.SystemPrompt).HasMaxLength(ChatRules.MaxSystemPromptLength);
        builder.Property(session => session.Model).HasMaxLength(100);
        // Serves "my sessions, most recently active first".
        builder.HasIndex(session => new { session.UserId, session.UpdatedAt, session.Id });
        builder.HasOne<User>().WithMany().HasForeignKey(session => session.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(session => session.Messages).WithOne().HasForeignKey(message => message.SessionId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

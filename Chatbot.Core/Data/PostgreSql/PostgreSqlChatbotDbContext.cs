using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Data.PostgreSql;

/// <summary>The PostgreSQL flavour of the model; its migrations live beside it.</summary>
public sealed class PostgreSqlChatbotDbContext(DbContextOptions<PostgreSqlChatbotDbContext> options) : ChatbotDbContext(options);

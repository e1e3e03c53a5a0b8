using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Data.Sqlite;

/// <summary>The SQLite flavour of the model; its migrations live beside it.</summary>
public sealed class SqliteChatbotDbContext(DbContextOptions<SqliteChatbotDbContext> options) : ChatbotDbContext(options);

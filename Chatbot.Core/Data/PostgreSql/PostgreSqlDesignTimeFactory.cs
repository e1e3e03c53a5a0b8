using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Chatbot.Core.Data.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add X --context PostgreSqlChatbotDbContext</c> build the model without a server.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlChatbotDbContext>
{
    public PostgreSqlChatbotDbContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<PostgreSqlChatbotDbContext>().UseNpgsql("Host=localhost;Database=chatbot_design").Options);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Chatbot.Core.Data.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add X --context SqliteChatbotDbContext</c> build the model without the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteChatbotDbContext>
{
    public SqliteChatbotDbContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<SqliteChatbotDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

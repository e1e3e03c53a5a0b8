using Chatbot.Core.Search;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatbot.Core.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(FirstMessageSearchIndex.PostgreSqlUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(FirstMessageSearchIndex.PostgreSqlDown);
        }
    }
}

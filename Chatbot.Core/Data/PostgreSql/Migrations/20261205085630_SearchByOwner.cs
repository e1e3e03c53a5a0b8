using Chatbot.Core.Search;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatbot.Core.Data.PostgreSql.Migrations
{
    /// <summary>
    /// Each message knows its owner, and the search index holds each message under it, so a search reads only the
    /// caller's messages (issue 25). The first index goes before the owners are written, so the backfill does not
    /// re-index every message; the new one indexes them all once, owners included.
    /// </summary>
    public partial class SearchByOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(FirstMessageSearchIndex.PostgreSqlDown);

            migrationBuilder.AddColumn<long>(
                name: "UserId",
                table: "messages",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.Sql(MessageSearchIndex.OwnerBackfill);
            migrationBuilder.Sql(MessageSearchIndex.PostgreSqlUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(MessageSearchIndex.PostgreSqlDown);

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "messages");

            migrationBuilder.Sql(FirstMessageSearchIndex.PostgreSqlUp);
        }
    }
}

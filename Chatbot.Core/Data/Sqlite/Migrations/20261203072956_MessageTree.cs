using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatbot.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MessageTree : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "OnCurrentBranch",
                table: "messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // The column and its foreign key in one ALTER TABLE, which SQLite does in place. AddForeignKey would make
            // EF Core rebuild the table, with PRAGMA foreign_keys outside the migration's transaction, and warn twice
            // on every first start. The constraint keeps the name the model gives it.
            migrationBuilder.Sql("""
                ALTER TABLE "messages" ADD "ParentId" INTEGER NULL
                    CONSTRAINT "FK_messages_messages_ParentId" REFERENCES "messages" ("Id") ON DELETE CASCADE;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_messages_ParentId_SessionId",
                table: "messages",
                columns: new[] { "ParentId", "SessionId" });

            migrationBuilder.Sql(MessageTreeBackfill.FromSessionOrder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_messages_messages_ParentId",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "IX_messages_ParentId_SessionId",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "OnCurrentBranch",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "ParentId",
                table: "messages");
        }
    }
}

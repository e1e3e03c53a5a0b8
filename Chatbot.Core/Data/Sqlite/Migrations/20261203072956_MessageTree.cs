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

            migrationBuilder.AddColumn<long>(
                name: "ParentId",
                table: "messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_messages_ParentId_SessionId",
                table: "messages",
                columns: new[] { "ParentId", "SessionId" });

            migrationBuilder.AddForeignKey(
                name: "FK_messages_messages_ParentId",
                table: "messages",
                column: "ParentId",
                principalTable: "messages",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

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

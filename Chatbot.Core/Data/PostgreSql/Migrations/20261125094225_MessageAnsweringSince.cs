using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatbot.Core.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class MessageAnsweringSince : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AnsweringSince",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            // Answers already in progress are dated from their message, so the sweep can find them too.
            migrationBuilder.Sql("UPDATE messages SET \"AnsweringSince\" = \"CreatedAt\" WHERE \"Status\" IN ('Pending', 'Streaming')");

            migrationBuilder.CreateIndex(
                name: "IX_messages_AnsweringSince",
                table: "messages",
                column: "AnsweringSince",
                filter: "\"Status\" IN ('Pending', 'Streaming')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_AnsweringSince",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "AnsweringSince",
                table: "messages");
        }
    }
}

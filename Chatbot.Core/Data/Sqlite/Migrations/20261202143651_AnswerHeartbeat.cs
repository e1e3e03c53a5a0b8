using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatbot.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AnswerHeartbeat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_AnsweringSince",
                table: "messages");

            migrationBuilder.AddColumn<DateTime>(
                name: "HeartbeatAt",
                table: "messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_messages_HeartbeatAt",
                table: "messages",
                column: "HeartbeatAt",
                filter: "\"Status\" IN ('Pending', 'Streaming')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_HeartbeatAt",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "IX_messages_AnsweringSince",
                table: "messages",
                column: "AnsweringSince",
                filter: "\"Status\" IN ('Pending', 'Streaming')");
        }
    }
}

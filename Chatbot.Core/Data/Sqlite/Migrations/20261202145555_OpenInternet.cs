using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatbot.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OpenInternet : Migration
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

            migrationBuilder.CreateTable(
                name: "address_registrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_address_registrations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "login_failures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NormalizedUsername = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    FailedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_failures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "revoked_token_families",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FamilyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revoked_token_families", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_ledger",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: true),
                    MessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReservedTokens = table.Column<int>(type: "INTEGER", nullable: false),
                    PromptTokens = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponseTokens = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SettledAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_ledger", x => x.Id);
                    table.ForeignKey(
                        name: "FK_usage_ledger_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Usage recorded before the ledger existed (the token counts on messages) stays counted.
            migrationBuilder.Sql(UsageLedgerBackfill.FromMessages);

            migrationBuilder.CreateIndex(
                name: "IX_messages_HeartbeatAt",
                table: "messages",
                column: "HeartbeatAt",
                filter: "\"Status\" IN ('Pending', 'Streaming')");

            migrationBuilder.CreateIndex(
                name: "IX_address_registrations_ClientAddress_RegisteredAt",
                table: "address_registrations",
                columns: new[] { "ClientAddress", "RegisteredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_address_registrations_RegisteredAt",
                table: "address_registrations",
                column: "RegisteredAt");

            migrationBuilder.CreateIndex(
                name: "IX_login_failures_ClientAddress_FailedAt",
                table: "login_failures",
                columns: new[] { "ClientAddress", "FailedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_login_failures_ClientAddress_NormalizedUsername_FailedAt",
                table: "login_failures",
                columns: new[] { "ClientAddress", "NormalizedUsername", "FailedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_login_failures_FailedAt",
                table: "login_failures",
                column: "FailedAt");

            migrationBuilder.CreateIndex(
                name: "IX_revoked_token_families_FamilyId",
                table: "revoked_token_families",
                column: "FamilyId");

            migrationBuilder.CreateIndex(
                name: "IX_revoked_token_families_RevokedAt",
                table: "revoked_token_families",
                column: "RevokedAt");

            migrationBuilder.CreateIndex(
                name: "IX_usage_ledger_UserId_CreatedAt",
                table: "usage_ledger",
                columns: new[] { "UserId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "address_registrations");

            migrationBuilder.DropTable(
                name: "login_failures");

            migrationBuilder.DropTable(
                name: "revoked_token_families");

            migrationBuilder.DropTable(
                name: "usage_ledger");

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

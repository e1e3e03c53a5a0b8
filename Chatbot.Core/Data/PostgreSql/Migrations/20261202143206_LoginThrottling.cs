using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Chatbot.Core.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class LoginThrottling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "address_registrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClientAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_address_registrations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "login_failures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClientAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NormalizedUsername = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    FailedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_failures", x => x.Id);
                });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "address_registrations");

            migrationBuilder.DropTable(
                name: "login_failures");
        }
    }
}

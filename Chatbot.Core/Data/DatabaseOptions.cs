using System.ComponentModel.DataAnnotations;

namespace Chatbot.Core.Data;

/// <summary>Settings <c>Database:Provider</c>, <c>Database:UseEntraAuthentication</c> and <c>ConnectionStrings:Chatbot</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>From <c>ConnectionStrings:Chatbot</c>; for SQLite, empty means a file in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL on Azure: sign in as the app's managed identity with a Microsoft Entra token instead of a
    /// password, so no database password exists in settings.
    /// </summary>
    public bool UseEntraAuthentication { get; set; }
}

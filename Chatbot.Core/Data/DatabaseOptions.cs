using System.ComponentModel.DataAnnotations;

namespace Chatbot.Core.Data;

/// <summary>Settings <c>Database:Provider</c> and <c>ConnectionStrings:Chatbot</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>From <c>ConnectionStrings:Chatbot</c>; for SQLite, empty means a file in the data folder.</summary>
    public string? ConnectionString { get; set; }
}

namespace Chatbot.Core.Data;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one file, one instance. Local runs and tests.</summary>
    Sqlite,

    /// <summary>A shared server, for deployments that scale out to several instances.</summary>
    PostgreSQL,
}

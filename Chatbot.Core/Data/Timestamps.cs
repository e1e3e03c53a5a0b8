namespace Chatbot.Core.Data;

internal static class Timestamps
{
    /// <summary>
    /// PostgreSQL keeps microseconds; truncating before storing means what we return on create is exactly what a
    /// later read returns, on every provider.
    /// </summary>
    public static DateTime Truncate(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    /// <summary>The current UTC time at the database's precision: what every stored timestamp is written as.</summary>
    public static DateTime GetDatabaseNow(this TimeProvider time) => Truncate(time.GetUtcNow());
}

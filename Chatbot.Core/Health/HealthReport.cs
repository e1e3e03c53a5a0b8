namespace Chatbot.Core.Health;

/// <summary>What <c>GET /health/</c> shows: states only, never a setting or a secret.</summary>
public sealed record HealthReport(string Status, string Database, string DatabaseProvider, string Version);

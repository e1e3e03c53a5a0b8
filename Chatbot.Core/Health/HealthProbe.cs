using System.Reflection;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Health;

public sealed class HealthProbe(ChatbotDbContext db)
{
    private static readonly string Version = typeof(HealthProbe).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var provider = db.Database.IsSqlite() ? "sqlite" : "postgresql";
        var reachable = await db.Database.CanConnectAsync(cancellationToken);
        return new HealthReport(reachable ? "healthy" : "unhealthy", reachable ? "ok" : "unreachable", provider, Version);
    }
}

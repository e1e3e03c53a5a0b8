using Chatbot.LocalHost.Rpc;

namespace Chatbot.LocalHost;

/// <summary>The worker's logs (sent as RpcLog) written to our console at their own level.</summary>
internal static partial class WorkerLog
{
    public static void Write(ILogger logger, RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (level != LogLevel.None && logger.IsEnabled(level))
        {
            var exception = log.Exception is { } error ? $" {error.Message}" : "";
            WorkerMessage(logger, level, log.Category, log.Message + exception);
        }
    }

    [LoggerMessage(Message = "[{Category}] {Message}")]
    private static partial void WorkerMessage(ILogger logger, LogLevel level, string category, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invocation {InvocationId} failed in the worker: {Reason}")]
    public static partial void InvocationFailed(ILogger logger, string invocationId, string? reason);
}

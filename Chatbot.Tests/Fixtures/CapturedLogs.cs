using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chatbot.Tests.Fixtures;

/// <summary>Keeps every log line written through it, so tests can assert what is (and is not) logged.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> entries = new();

    public IReadOnlyCollection<(LogLevel Level, string Category, string Message)> Entries => entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}

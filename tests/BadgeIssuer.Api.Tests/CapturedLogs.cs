using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Api.Tests;

/// <summary>A logger provider that keeps every formatted message, so tests can assert what the service logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    /// <summary>Every message logged so far, formatted.</summary>
    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Capturing(_messages);

    public void Dispose()
    {
    }

    private sealed class Capturing(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}

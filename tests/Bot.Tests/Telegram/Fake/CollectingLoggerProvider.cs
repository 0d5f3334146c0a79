using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OutreachBot.Bot.Tests.Telegram.Fake;

/// <summary>CollectingLoggerProvider: keeps every log entry of every category and level, with its exception text.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, _lines);

    public void Dispose() { }

    private sealed class Collector(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The state's values too: a structured property can carry what the rendered message hides.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception) + " " + values + " " + exception));
        }
    }
}

/// <summary>LogLine: one collected log entry; Text holds the message, its values and any exception.</summary>
public sealed record LogLine(string Category, LogLevel Level, string Text);

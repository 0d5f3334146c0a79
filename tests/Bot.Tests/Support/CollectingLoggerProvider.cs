using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>CollectingLoggerProvider keeps every log line, with its exception, so a test can search all of them.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>AllText joins every line, for searching.</summary>
    public string AllText => string.Join("\n", _lines);

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, _lines);

    public void Dispose() { }

    private sealed class Collector(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                line += " {" + string.Join(", ", values.Select(v => v.Key + "=" + v.Value)) + "}";
            if (exception is not null) line += " " + exception;
            lines.Enqueue(line);
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansPersonalization.Tests.Support;

/// <summary>Captures every log line with its structured values and exception, for privacy scans.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<(int EventId, string Name, string Value)> _values = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Every structured value logged, with the event id and the name it was logged under.</summary>
    public IReadOnlyCollection<(int EventId, string Name, string Value)> Values => _values;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, _values);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines, ConcurrentQueue<(int, string, string)> values) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {Describe(state)} | {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (name, value) in pairs)
                {
                    values.Enqueue((eventId.Id, name, value?.ToString() ?? ""));
                }
            }
        }

        private static string Describe<T>(T state) =>
            state is IEnumerable<KeyValuePair<string, object?>> values
                ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
    }
}

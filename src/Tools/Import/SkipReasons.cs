using System.Collections.Concurrent;

namespace OrleansPersonalization.Tools.Import;

/// <summary>Rows not sent, counted by reason, so an import never drops anything silently.</summary>
public sealed class SkipReasons
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string reason, long count = 1) => _counts.AddOrUpdate(reason, count, (_, c) => c + count);

    public long Total => _counts.Values.Sum();

    public IReadOnlyList<(string Reason, long Count)> ByReason() =>
        [.. _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value))];
}

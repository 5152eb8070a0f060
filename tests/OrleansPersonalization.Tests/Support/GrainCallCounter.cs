using System.Collections.Concurrent;

namespace OrleansPersonalization.Tests.Support;

/// <summary>Counts the calls each silo's grains receive, by interface and method, so a test can say which grains a request touched.</summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.InterfaceMethod;
        _calls.AddOrUpdate($"{method?.DeclaringType?.Name}.{method?.Name}", 1, (_, n) => n + 1);
        await context.Invoke();
    }

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_calls, StringComparer.Ordinal);
}

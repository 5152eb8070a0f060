using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OrleansPersonalization.Contracts;

/// <summary>
/// Grain references for the calls made once per request. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c>
/// resolves the interface's type from its attributes by reflection on every call: a tenth of a
/// recommendation's time on the API side, profiled with dotnet-trace (BENCHMARKS.md). Here the grain
/// type and interface type are resolved once per factory and interface; the reference is the one
/// <c>GetGrain</c> would return.
/// </summary>
public static class GrainReferences
{
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)>> Resolved = new();

    /// <summary>The grain of <paramref name="key"/> behind <typeparamref name="TGrain"/>.</summary>
    public static TGrain Reference<TGrain>(this IGrainFactory grains, string key)
        where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var (grain, @interface) = TypesOf<TGrain>(grains, static g => g.GetGrain<TGrain>("type-probe"));
        return (TGrain)grains.GetGrain(GrainId.Create(grain, key), @interface);
    }

    /// <summary>The grain of the integer <paramref name="key"/> behind <typeparamref name="TGrain"/>.</summary>
    public static TGrain Reference<TGrain>(this IGrainFactory grains, long key)
        where TGrain : IGrainWithIntegerKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var (grain, @interface) = TypesOf<TGrain>(grains, static g => g.GetGrain<TGrain>(0));
        return (TGrain)grains.GetGrain(GrainId.Create(grain, GrainIdKeyExtensions.CreateIntegerKey(key)), @interface);
    }

    private static (GrainType Grain, GrainInterfaceType Interface) TypesOf<TGrain>(IGrainFactory grains, Func<IGrainFactory, TGrain> probe)
    {
        var types = Resolved.GetOrCreateValue(grains);
        if (types.TryGetValue(typeof(TGrain), out var resolved))
        {
            return resolved;
        }

        // One reference made the usual way says which grain type and interface type the factory picks.
        var reference = (GrainReference)(object)probe(grains)!;
        return types[typeof(TGrain)] = (reference.GrainId.Type, reference.InterfaceType);
    }
}

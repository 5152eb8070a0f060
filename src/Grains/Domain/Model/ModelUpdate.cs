using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// What a silo fetches to catch up with the published model. When it already holds the published
/// dense model's lineage, <see cref="Snapshot"/> comes without it and <see cref="Removals"/> lists the
/// contributions that left since the silo's copy, which the silo downdates itself; otherwise the
/// snapshot is whole.
/// </summary>
[GenerateSerializer, Immutable, Alias("model-update")]
public sealed record ModelUpdate(
    [property: Id(0)] ModelSnapshot Snapshot,
    [property: Id(1)] bool DenseByRemovals,
    [property: Id(2)] ImmutableArray<ImmutableArray<string>> Removals)
{
    /// <summary>The snapshot this update brings a silo from what it serves.</summary>
    public ModelSnapshot ApplyTo(ModelSnapshot served)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (!DenseByRemovals)
        {
            return Snapshot;
        }

        var dense = served.Dense ?? throw new InvalidOperationException("A removal update needs the dense model it continues.");
        foreach (var removed in Removals)
        {
            dense = dense.Without(removed);
        }

        return Snapshot with { Dense = dense };
    }
}

using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// What a silo fetches to catch up with the published model. When it already holds the published
/// dense model's lineage, <see cref="Snapshot"/> comes without it and <see cref="Changes"/> lists the
/// steps since the silo's copy (contributors who left, items that left or entered the head), which
/// the silo applies itself; otherwise the snapshot is whole.
/// </summary>
[GenerateSerializer, Immutable, Alias("model-update")]
public sealed record ModelUpdate(
    [property: Id(0)] ModelSnapshot Snapshot,
    [property: Id(1)] bool DenseByChanges,
    [property: Id(2)] ImmutableArray<DenseChange> Changes)
{
    /// <summary>The snapshot this update brings a silo from what it serves.</summary>
    public ModelSnapshot ApplyTo(ModelSnapshot served)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (!DenseByChanges)
        {
            return Snapshot;
        }

        var dense = served.Dense ?? throw new InvalidOperationException("A removal update needs the dense model it continues.");
        foreach (var change in Changes)
        {
            dense = dense.Apply(change);
        }

        return Snapshot with { Dense = dense };
    }
}
